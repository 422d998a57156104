// Child process of the render figure (make bench): LiquidJS renders the same page template with the same render
// models as Cairn, synchronously on one thread, escaping every output like Cairn does. Prints the pages per second
// of each timed round as JSON, after a warm-up; writes the pages of one pass for the comparison of outputs.
//
// Arguments: page template file, render models (JSON array), pages output file, warm-up seconds, rounds,
// seconds per round.
import { readFileSync, writeFileSync } from 'node:fs';
import { Liquid } from 'liquidjs';

const [pageFile, modelsFile, pagesOut, warmUpSeconds, rounds, roundSeconds] = process.argv.slice(2);
const engine = new Liquid({ outputEscape: 'escape' });
const page = engine.parse(readFileSync(pageFile, 'utf8'));
const models = JSON.parse(readFileSync(modelsFile, 'utf8'));

writeFileSync(pagesOut, JSON.stringify(models.map((model) => engine.renderSync(page, model))));

function pagesPerSecond(seconds) {
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let pages = 0;
  let length = 0;
  let now;
  do {
    for (const model of models) {
      length += engine.renderSync(page, model).length;
    }
    pages += models.length;
    now = process.hrtime.bigint();
  } while (now < end);
  if (length === 0) {
    throw new Error('every page rendered empty');
  }
  return pages / (Number(now - start) / 1e9);
}

pagesPerSecond(Number(warmUpSeconds));
const perRound = [];
for (let i = 0; i < Number(rounds); i++) {
  perRound.push(pagesPerSecond(Number(roundSeconds)));
}
console.log(JSON.stringify({ pagesPerSecond: perRound }));
