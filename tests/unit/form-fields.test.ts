// Where a refused write's message goes in the small forms (client/src/views/form-fields.ts): the
// field the server named, without its "field: " prefix; the body's field when it sent one.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../client/src/api';
import { fieldOf } from '../../client/src/views/form-fields';

describe('fieldOf', () => {
  it('takes the field the server named in the body, and drops its prefix from the message', () => {
    const error = new ApiError(
      400,
      'QUOTE_NOT_IN_TEXT',
      'source.quote: not in the text',
      undefined,
      'source.quote',
    );
    expect(fieldOf(error)).toEqual({ field: 'source.quote', message: 'not in the text' });
  });

  it('reads the field from the message when the body named none', () => {
    expect(fieldOf(new ApiError(400, 'BAD_REQUEST', 'date: expected YYYY-MM-DD'))).toEqual({
      field: 'date',
      message: 'expected YYYY-MM-DD',
    });
  });

  it('keeps a message that names no field whole', () => {
    expect(fieldOf(new ApiError(0, 'NETWORK', 'The explorer server cannot be reached.'))).toEqual({
      field: '',
      message: 'The explorer server cannot be reached.',
    });
  });
});
