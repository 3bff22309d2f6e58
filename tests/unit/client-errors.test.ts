// Server errors in the interface language (client/src/errors.ts): every code the server can answer
// is in the contract's ERROR_CODES and has words in both languages; an unknown code shows the
// server's own message.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../contract/common';
import { ApiError } from '../../client/src/api';
import { errorMessage } from '../../client/src/errors';

/** The codes written in the server's source: typed errors, error bodies and the OpenAPI table. */
function serverCodes(): Set<string> {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/AppError\(\s*\d{3},\s*'([A-Z_]+)'/g)) codes.add(m[1]!);
        for (const m of text.matchAll(/\bcode: '([A-Z][A-Z_]+)'/g)) codes.add(m[1]!);
        for (const m of text.matchAll(/codes: \[([^\]]*)\]/g))
          for (const c of m[1]!.matchAll(/'([A-Z_]+)'/g)) codes.add(c[1]!);
      }
    }
  };
  walk('server');
  return codes;
}

describe('server errors in the interface language', () => {
  it('knows every code the server answers', () => {
    const codes = serverCodes();
    expect(codes.size).toBeGreaterThan(15);
    for (const code of codes) expect(ERROR_CODES, code).toContain(code);
  });

  it('words a code in Chinese or English, with the server’s particulars where they matter', () => {
    const syntax = new ApiError(400, 'CYPHER_ERROR', "Invalid input 'RETURN' (line 1, column 10)");
    expect(errorMessage(syntax, 'zh')).toBe("Cypher 查询有误：Invalid input 'RETURN' (line 1, column 10)");
    expect(errorMessage(syntax, 'en')).toBe(
      "The Cypher query has an error: Invalid input 'RETURN' (line 1, column 10)",
    );
    const readOnly = new ApiError(403, 'READ_ONLY', 'Only read queries are allowed here.');
    expect(errorMessage(readOnly, 'zh')).toBe('这里只允许只读查询');
    expect(errorMessage(readOnly, 'both')).toBe('这里只允许只读查询');
    expect(errorMessage(readOnly, 'en')).toBe('Only read queries are allowed here');
  });

  it('shows the server’s message for a code it does not know, and any other failure’s own', () => {
    expect(errorMessage(new ApiError(418, 'TEAPOT', 'I am a teapot'), 'zh')).toBe('I am a teapot');
    expect(errorMessage(new Error('offline'), 'zh')).toBe('offline');
    expect(errorMessage('plain', 'en')).toBe('plain');
  });
});
