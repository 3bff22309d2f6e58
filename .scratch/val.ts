import { Validator } from '@seriousme/openapi-schema-validator';
import fc from 'fast-check';
import { openApiDocument } from '../server/openapi';
const v = new Validator();
const res = await v.validate(JSON.parse(JSON.stringify(openApiDocument())));
console.log(res.valid, v.version, JSON.stringify(res.errors)?.slice(0, 1500));
console.log(fc.sample(fc.stringMatching(/^[^,\s](?:[^,]*[^,\s])?$/), 5));
