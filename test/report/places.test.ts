import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPlaceTagger, toGazetteer } from '../../src/report/places';
import { ROOT } from '../helpers/cli';

const gazetteer = toGazetteer(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/places/cornwall-places.json'), 'utf8')));
const tagger = createPlaceTagger(gazetteer);
const tag = (text: string) => tagger.tag(text).map((p) => p.label);
const areas = (text: string) => tagger.tag(text).map((p) => p.area);

describe('place tagger', () => {
  it.each([
    ['We live in Truro and go to Penzance for college', ['Truro', 'Penzance']],
    ['penzance and camborne need buses', ['Penzance', 'Camborne']],
    ['Bodmin, Liskeard, Newquay, Falmouth and Bude', ['Bodmin', 'Liskeard', 'Newquay', 'Falmouth', 'Bude']],
    ['St Austell and Redruth', ['St Austell', 'Redruth']],
    ['Tresco and Bryher kids', ['Tresco', 'Bryher']],
  ])('names the places in %j', (text, expected) => {
    expect(tag(text)).toEqual(expected);
  });

  it('matches whole words only: Looe, never inside loophole', () => {
    expect(tag('That loophole in the law')).toEqual([]);
    expect(tag('looe has nothing for teenagers')).toEqual(['Looe']);
  });

  it('lets the longest name win', () => {
    expect(tag('Mylor Bridge school is great')).toEqual(['Mylor Bridge']);
    expect(tag('the church at Mylor')).toEqual(['Mylor']);
    expect(tag('St Newlyn East youth club')).toEqual(['St Newlyn East']);
  });

  it('leaves St Ives in Cambridgeshire out', () => {
    expect(tag('St Ives, Cambridgeshire has a better skate park')).toEqual([]);
    expect(tag('St Ives harbour')).toEqual(['St Ives']);
  });

  it('tells the village St Agnes from the Scilly island', () => {
    expect(areas('I get the bus from St Agnes to Truro')).toEqual(['st-agnes-perranporth', 'truro-roseland']);
    expect(areas("I'm leaving St Agnes, Scilly to board in Truro")).toEqual(['isles-of-scilly', 'truro-roseland']);
    expect(tag('The boat from St Mary’s to St Agnes on Scilly')).toEqual(["St Mary's", 'St Agnes (Isles of Scilly)', 'Isles of Scilly']);
    expect(tag("St Mary's school trip")).toEqual([]);
  });

  it('counts common words only as capitalised places in a place-like context', () => {
    expect(tag('a swimming pool and a pool table')).toEqual([]);
    expect(tag('par for the course, costs mount up, play the bugle')).toEqual([]);
    expect(tag("St Michael's Mount is lovely")).toEqual([]);
    expect(tag('I live in Par')).toEqual(['Par']);
    expect(tag('living in Bugle, the bus is rubbish')).toEqual(['Bugle']);
    expect(tag('Camborne, Pool and Redruth')).toEqual(['Camborne', 'Pool', 'Redruth']);
    expect(tag('Paul said hello')).toEqual([]);
  });
});
