import { openApiDocument } from '../server/openapi';
const d = openApiDocument();
console.log(JSON.stringify(d.paths['/api/compare'], null, 1).slice(0, 3000));
console.log(Object.keys(d.paths).length, Object.values(d.paths).reduce((n, p) => n + Object.keys(p).length, 0));
console.log(JSON.stringify((d.paths['/api/notes'] as any).get.responses['200']));
