// The evaluation scripts print tables that are often piped to `head`. When the reader goes, a write
// fails with EPIPE, and an unhandled stream error ended the script with a stack trace. Imported for
// its effect: the rest of the output is dropped quietly, and the exit code stays the script's.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.stdout.destroy();
});
