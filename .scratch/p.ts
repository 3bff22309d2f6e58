import { openApiDocument } from '../server/openapi';
const d = openApiDocument() as any;
console.log(JSON.stringify(d.paths['/api/search'].get.parameters));
