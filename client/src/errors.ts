// The one way a failure becomes the sentence the analyst sees (API errors carry the server's text).
export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
