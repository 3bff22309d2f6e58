// The one way a failure becomes the sentence the analyst sees: an API error's code (contract/common.ts
// ERROR_CODES) worded in the interface language; a code this table does not know, and any other
// failure, shows its own message.
import type { ErrorCode } from '../../contract/common';
import { interfaceLang, type Lang } from './i18n';

/** [中文, English] per code. Where the server's text says what exactly went wrong, it follows. */
const TEXTS: Record<ErrorCode, readonly [string, string]> = {
  BAD_REQUEST: ['请求无效', 'The request is not valid'],
  BAD_JSON: ['请求内容不是有效的 JSON', 'The request body is not valid JSON'],
  UNKNOWN_TYPE: ['未知的类型', 'Unknown type'],
  QUERY_REFUSED: ['此查询不被允许', 'This query is not allowed'],
  CYPHER_ERROR: ['Cypher 查询有误', 'The Cypher query has an error'],
  UNAUTHORIZED: ['需要访问令牌', 'A token is needed'],
  HOST_NOT_ALLOWED: ['服务器拒绝了此地址', 'The server refuses this address'],
  CROSS_ORIGIN_WRITE: ['不允许跨站写入', 'Writes from another site are refused'],
  CROSS_SITE_WRITE: ['不允许跨站写入', 'Writes from another site are refused'],
  READ_ONLY: ['这里只允许只读查询', 'Only read queries are allowed here'],
  NOT_FOUND: ['未找到', 'Not found'],
  METHOD_NOT_ALLOWED: ['不支持此操作', 'This operation is not supported'],
  REQUEST_TIMEOUT: ['请求超时，请重试', 'The request timed out; send it again'],
  BODY_TIMEOUT: ['请求超时，请重试', 'The request timed out; send it again'],
  QUERY_TIMEOUT: ['查询超过时间限制，已停止', 'The query ran past its time limit and was stopped'],
  CONFLICT: ['已在别处被修改', 'Changed elsewhere meanwhile'],
  PAYLOAD_TOO_LARGE: ['请求内容过大', 'The request is too large'],
  QUERY_TOO_LARGE: ['查询所需内存过多', 'The query needs more memory than allowed'],
  JSON_REQUIRED: ['请求须为 JSON', 'The request must be JSON'],
  RATE_LIMITED: ['请求过多，请稍后再试', 'Too many requests; try again shortly'],
  HEADERS_TOO_LARGE: ['请求头过大', 'The request headers are too large'],
  HOST_REQUIRED: ['请求缺少 Host', 'The request has no Host header'],
  INTERNAL: ['服务器内部错误', 'Something went wrong on the server'],
  ANALYTICS_FAILED: ['图谱分析计算失败', 'The graph analysis could not be computed'],
  NEO4J_UNAVAILABLE: [
    '暂时无法连接 Neo4j 数据库，请稍后重试',
    'Neo4j cannot be reached right now; retry shortly',
  ],
  OVERLOADED: ['服务器繁忙，请稍后重试', 'The server is busy; retry shortly'],
  CONSOLE_BUSY: ['查询控制台繁忙，请稍后重试', 'The console is busy; retry shortly'],
  SEARCH_UNAVAILABLE: ['搜索正在重启，请稍后重试', 'Search is restarting; retry shortly'],
  SHUTTING_DOWN: ['服务器正在关闭', 'The server is shutting down'],
  NOT_REVERSIBLE: ['这项更改无法撤销', 'This change cannot be undone'],
  INVALID_IMPORT: ['导入内容有误，未写入任何数据', 'The import has problems; nothing was written'],
  UNREADABLE_FILE: ['无法读取此文件', 'This file cannot be read'],
};

/** Codes whose server message carries the particulars (a line and column, a field, a reason). */
const WITH_DETAIL = new Set<string>([
  'BAD_REQUEST',
  'CYPHER_ERROR',
  'QUERY_REFUSED',
  'UNKNOWN_TYPE',
  'UNREADABLE_FILE',
]);

const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

export function errorMessage(error: unknown, lang: Lang): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = codeOf(error);
  const text = code && Object.hasOwn(TEXTS, code) ? TEXTS[code as ErrorCode] : undefined;
  if (!text) return message;
  const zh = interfaceLang(lang) === 'zh';
  const worded = zh ? text[0] : text[1];
  if (!WITH_DETAIL.has(code!) || !message) return worded;
  return zh ? `${worded}：${message}` : `${worded}: ${message}`;
}
