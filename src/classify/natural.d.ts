// natural ships typings only for folder indexes; these single-file deep imports avoid loading its whole
// index, which prints to stdout and reads .env (see the team's NLP reference).
declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  const PorterStemmer: { stem(word: string): string };
  export = PorterStemmer;
}
declare module 'natural/lib/natural/sentiment/SentimentAnalyzer' {
  class SentimentAnalyzer {
    constructor(language: string, stemmer: null, vocabulary: 'afinn' | 'senticon' | 'pattern');
    getSentiment(words: string[]): number;
  }
  export = SentimentAnalyzer;
}
