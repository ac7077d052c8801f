import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { sidecarSchema } from '../src/core/sidecar/schema';

/**
 * Writes `schemas/annotations.schema.json` from the zod schema, which stays the one source of
 * truth. Run: `node -r esbuild-register scripts/generate-schema.ts`. A unit test fails when the
 * checked-in file is out of date.
 */

export const SCHEMA_OUTPUT = path.join(__dirname, '..', 'schemas', 'annotations.schema.json');

export function generateSchemaText(): string {
  // Draft 7: the draft editors' JSON language services (VS Code's included) support fully.
  const schema = z.toJSONSchema(sidecarSchema, { target: 'draft-7', io: 'input' });
  return JSON.stringify(schema, undefined, 2) + '\n';
}

if (require.main === module) {
  writeFileSync(SCHEMA_OUTPUT, generateSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_OUTPUT)}`);
}
