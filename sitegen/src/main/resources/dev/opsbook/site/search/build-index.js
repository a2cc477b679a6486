// Prebuilds lunr indexes for opsbook's site search. Usage: node build-index.js LUNR_JS < shards.json > indexes.json
// Input: a JSON array of shards, each an array of documents {r, t, s, o, i, h, b}; output: one serialized index per shard.
'use strict';
const lunr = require(process.argv[2]);
const chunks = [];
process.stdin.on('data', c => chunks.push(c));
process.stdin.on('end', () => {
  const shards = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const out = shards.map(docs => lunr(function () {
    this.ref('r');
    this.field('t', { boost: 10 });
    this.field('s', { boost: 8 });
    this.field('i', { boost: 5 });
    this.field('o', { boost: 4 });
    this.field('h', { boost: 3 });
    this.field('b');
    docs.forEach(d => this.add(d));
  }));
  process.stdout.write(JSON.stringify(out));
});
