import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findActors } from '../../src/core/actors';
import { ActorLexicon, lexiconFileSchema, loadBuiltinLexicon, parseLexiconFile, type LexiconEntry } from '../../src/core/lexicon';
import builtinFile from '../../src/core/lexicon/builtin.json';
import countriesFile from '../../src/core/lexicon/countries.json';
import { buildCountriesFile, COUNTRIES_PATH, serialiseCountriesFile } from '../../scripts/generate-countries';

const FILE = '.policy-lens/actors.json';

function parsed(json: string): { entries: LexiconEntry[]; notActors: string[] } {
  const result = parseLexiconFile(json, FILE);
  if ('error' in result) assert.fail(result.error);
  return result;
}

function errorOf(json: string): string {
  const result = parseLexiconFile(json, FILE);
  if (!('error' in result)) assert.fail(`expected an error for ${json}`);
  return result.error;
}

function actorIdsIn(text: string, lexicon: ActorLexicon): string[] {
  return findActors(text, [{ start: 0, end: text.length }], lexicon).mentions.map((mention) => `${mention.text}=${mention.actorId}`);
}

describe('lexicon', () => {
  describe('the shipped files', () => {
    it('validate against the lexicon schema', () => {
      assert.equal(lexiconFileSchema.safeParse(builtinFile).success, true);
      assert.equal(lexiconFileSchema.safeParse(countriesFile).success, true);
    });

    it('give every file name to at most one actor', () => {
      const owners = new Map<string, string>();
      for (const file of [countriesFile, builtinFile]) {
        const ids = new Set(file.actors.map((actor) => actor.id));
        for (const actor of file.actors) {
          const names: string[] = [actor.name, ...(actor.aliases ?? []), ...(('demonyms' in actor ? actor.demonyms : undefined) ?? [])];
          for (const name of names) {
            const owner = owners.get(name);
            // The curated list may add to a country (same id), never take a country's name.
            assert.ok(owner === undefined || owner === actor.id || ids.has(owner), `"${name}" is both ${owner} and ${actor.id}`);
            owners.set(name, actor.id);
          }
        }
      }
    });

    it('merges the curated metonyms into the generated countries by id', () => {
      const countryIds = new Set(countriesFile.actors.map((actor) => actor.id));
      for (const actor of builtinFile.actors) {
        if (actor.kind === 'state') assert.ok(countryIds.has(actor.id), `${actor.id} is not a country id`);
        if ('memberOf' in actor && actor.memberOf) assert.ok(countryIds.has(actor.memberOf), `${actor.id}.memberOf ${actor.memberOf}`);
      }
      const lexicon = loadBuiltinLexicon();
      const unitedStates = lexicon.get('united-states');
      assert.ok(unitedStates);
      assert.equal(unitedStates.origin, 'builtin');
      for (const name of ['US', 'U.S.', 'America', 'Washington', 'White House', 'Pentagon', 'American', 'Americans']) {
        assert.ok(unitedStates.aliases.includes(name), name);
      }
      assert.equal(unitedStates.aliasKinds?.['Trump administration'], 'government');
      assert.deepEqual(lexicon.get('pakistan')?.demonyms, ['Pakistani', 'Pakistanis']);
    });

    it('covers the sovereign countries with their demonyms', () => {
      assert.ok(countriesFile.actors.length >= 195, `${countriesFile.actors.length} countries`);
      const byId = new Map(countriesFile.actors.map((actor) => [actor.id, actor]));
      assert.equal(byId.get('turkiye')?.name, 'Türkiye');
      assert.ok(byId.get('turkiye')?.aliases?.includes('Turkey'));
      assert.equal(byId.get('democratic-republic-of-the-congo')?.name, 'Democratic Republic of the Congo');
      assert.ok(byId.get('myanmar')?.aliases?.includes('Burma'));
      assert.equal(byId.has('jersey'), false, 'dependent territories are left out');
    });

    it('is what scripts/generate-countries.ts generates (regenerate it if this fails)', () => {
      assert.equal(readFileSync(COUNTRIES_PATH, 'utf8'), serialiseCountriesFile(buildCountriesFile()));
    });
  });

  describe('ActorLexicon', () => {
    const entries: LexiconEntry[] = [
      { id: 'ruritania', name: 'Ruritania', kind: 'state', aliases: ['Strelsau', 'Ruritanian'], demonyms: ['Ruritanian'] },
      { id: 'rudolf-elphberg', name: 'Rudolf Elphberg', kind: 'person', aliases: ['Elphberg'], memberOf: 'ruritania' },
    ];

    it('looks names up by their first word', () => {
      const lexicon = new ActorLexicon({ entries });
      assert.equal(lexicon.size, 2);
      assert.equal(lexicon.roots.get('Strelsau')?.target?.actorId, 'ruritania');
      assert.equal(lexicon.roots.get('Rudolf')?.next?.get('Elphberg')?.target?.actor, 'Rudolf Elphberg');
      assert.equal(lexicon.roots.get('Ruritanian')?.target?.rule, 'demonym');
    });

    it('extends into a new lexicon whose later names and ids win', () => {
      const base = new ActorLexicon({ entries });
      const extended = base.extend(
        [
          { id: 'ruritania', name: 'Kingdom of Ruritania', kind: 'state', aliases: ['Zenda'] },
          { id: 'black-michael', name: 'Black Michael', kind: 'person', aliases: ['Strelsau'] },
        ],
        ['Elphberg'],
      );
      assert.equal(base.get('ruritania')?.name, 'Ruritania', 'the base is unchanged');
      assert.equal(extended.get('ruritania')?.name, 'Kingdom of Ruritania');
      assert.deepEqual(extended.get('ruritania')?.aliases, ['Strelsau', 'Ruritanian', 'Zenda']);
      assert.deepEqual(actorIdsIn('Zenda and Strelsau', extended), ['Zenda=ruritania', 'Strelsau=black-michael']);
      assert.deepEqual(actorIdsIn('They met Elphberg there.', extended), []);
      assert.deepEqual(actorIdsIn('They met Elphberg there.', base), ['Elphberg=rudolf-elphberg']);
    });

    it('gives an alias the kind aliasKinds names', () => {
      const lexicon = new ActorLexicon({
        entries: [{ id: 'ruritania', name: 'Ruritania', kind: 'state', aliases: ['Strelsau', 'Royal Palace'], aliasKinds: { 'Royal Palace': 'government' } }],
      });
      const mentions = findActors('The Royal Palace and Strelsau agree.', [{ start: 0, end: 35 }], lexicon).mentions;
      assert.deepEqual(mentions.map((mention) => [mention.text, mention.kind, mention.rule]), [
        ['Royal Palace', 'government', 'alias'],
        ['Strelsau', 'state', 'alias'],
      ]);
    });

    it('matches straight and curly apostrophes, hyphens and en dashes alike', () => {
      const lexicon = new ActorLexicon({ entries: [{ id: 'pla', name: "People's Army", kind: 'organisation', aliases: ['Tehrik-e-Azadi'] }] });
      assert.deepEqual(actorIdsIn('People’s Army and Tehrik–e–Azadi', lexicon), ['People’s Army=pla', 'Tehrik–e–Azadi=pla']);
    });
  });

  describe('parseLexiconFile', () => {
    it('reads a valid workspace file', () => {
      const { entries, notActors } = parsed(JSON.stringify({
        $schema: './actors.schema.json',
        actors: [
          { name: 'Meridian Rail Consortium', kind: 'organisation', aliases: ['MRC'] },
          { id: 'ruritania', name: 'Ruritania', kind: 'state', demonyms: ['Ruritanian', 'Ruritanians'], aliasKinds: { Ruritanian: 'state' } },
        ],
        notActors: ['Blue Corridor'],
      }));
      assert.equal(entries[0].id, 'meridian-rail-consortium', 'the id defaults to the name');
      assert.equal(entries[0].origin, 'workspace');
      assert.deepEqual(entries[1].aliases, ['Ruritanian', 'Ruritanians'], 'demonyms are aliases too');
      assert.deepEqual(entries[1].demonyms, ['Ruritanian', 'Ruritanians']);
      assert.deepEqual(notActors, ['Blue Corridor']);
    });

    it('accepts a byte order mark', () => {
      assert.equal(parsed('\ufeff{"actors": []}').entries.length, 0);
    });

    it('reports invalid JSON with its line and column', () => {
      const error = errorOf('{\n  "actors": [\n    { "name": "X", "kind": "state", }\n  ]\n}\n');
      assert.match(error, /^\.policy-lens\/actors\.json line 3, column 37: invalid JSON: /);
    });

    it('reports a truncated file at its end', () => {
      assert.match(errorOf('{\n  "actors": [\n'), /^\.policy-lens\/actors\.json line 3, column 1: invalid JSON/);
    });

    it('reports an empty file', () => {
      assert.match(errorOf('  \n'), /^\.policy-lens\/actors\.json line 1: the file is empty/);
    });

    it('names the line, the field and the allowed values of a wrong kind', () => {
      const json = [
        '{',
        '  "actors": [',
        '    { "name": "Ruritania", "kind": "state" },',
        '    { "name": "Meridian Rail Consortium", "kind": "organisation" },',
        '    {',
        '      "name": "Zenda",',
        '      "kind": "country"',
        '    }',
        '  ]',
        '}',
      ].join('\n');
      assert.equal(
        errorOf(json),
        '.policy-lens/actors.json line 7: actors[2].kind must be one of state, government, person, organisation, armed-group, group, bloc (got "country")',
      );
    });

    it('reports a CRLF file on the right line', () => {
      const json = '{\r\n  "actors": [\r\n    { "name": "Zenda", "kind": 3 }\r\n  ]\r\n}\r\n';
      assert.match(errorOf(json), /^\.policy-lens\/actors\.json line 3: actors\[0\]\.kind must be one of /);
    });

    it('reports a missing field on the line of its entry', () => {
      assert.equal(errorOf('{\n  "actors": [\n    {\n      "name": "Zenda"\n    }\n  ]\n}'), '.policy-lens/actors.json line 3: actors[0].kind is required');
    });

    it('reports an unknown field on its own line', () => {
      const json = '{\n  "actors": [\n    {\n      "name": "Zenda",\n      "kind": "state",\n      "alias": ["Z"]\n    }\n  ]\n}';
      const error = errorOf(json);
      assert.match(error, /^\.policy-lens\/actors\.json line 6: actors\[0\] has an unknown field "alias" \(allowed: id, name, kind, aliases, demonyms, aliasKinds, memberOf\)$/);
    });

    it('reports an unknown top-level field', () => {
      assert.match(errorOf('{\n  "actors": [],\n  "people": []\n}'), /line 3: the file has an unknown field "people"/);
    });

    it('reports a name the finder could never match', () => {
      const error = errorOf('{"actors": [\n  {"name": "Quad", "kind": "bloc", "aliases": ["the Quad"]}\n]}');
      assert.match(error, /line 2: actors\[0\]\.aliases\[0\] must start with a capital letter .*leave out a leading "the".* \(got "the Quad"\)/);
    });

    it('reports a duplicate id', () => {
      const json = '{"actors": [\n  {"id": "zenda", "name": "Zenda", "kind": "state"},\n  {"id": "zenda", "name": "Zenda Castle", "kind": "organisation"}\n]}';
      assert.equal(errorOf(json), '.policy-lens/actors.json line 3: actors[1].id gives the id "zenda", which actors[0] already has');
    });

    it('reports a name given to two actors', () => {
      const json = '{"actors": [\n  {"name": "Zenda", "kind": "state", "aliases": ["Castle"]},\n  {"name": "Strelsau", "kind": "state",\n   "aliases": ["Castle"]}\n]}';
      assert.equal(errorOf(json), '.policy-lens/actors.json line 4: actors[1].aliases[0] "Castle" is already a name of actors[0]');
    });

    it('reports an aliasKinds key that is not an alias', () => {
      const json = '{"actors": [\n  {"name": "Zenda", "kind": "state",\n   "aliasKinds": {"Palace": "government"}}\n]}';
      assert.match(errorOf(json), /line 3: actors\[0\]\.aliasKinds\.Palace names "Palace", which is not a name of actors\[0\]/);
    });

    it('counts the other problems', () => {
      const error = errorOf('{"actors": [{"name": "", "kind": "nation"}]}');
      assert.match(error, /actors\[0\]\.name must not be empty \(got ""\) \(and 1 more problem\)$/);
    });

    it('leaves the builtin lexicon working when the file is broken', () => {
      const builtin = loadBuiltinLexicon();
      const result = parseLexiconFile('{"actors": [{"name": "Zenda", "kind": "country"}]}', FILE);
      const lexicon = 'error' in result ? builtin : builtin.extend(result.entries, result.notActors);
      assert.deepEqual(actorIdsIn('Kabul and Zenda', lexicon), ['Kabul=afghanistan']);
    });

    it('extends the builtin lexicon when the file is valid', () => {
      const { entries, notActors } = parsed('{"actors": [{"name": "Zenda", "kind": "state"}], "notActors": ["Kabul"]}');
      assert.deepEqual(actorIdsIn('Kabul and Zenda', loadBuiltinLexicon().extend(entries, notActors)), ['Zenda=zenda']);
    });
  });
});
