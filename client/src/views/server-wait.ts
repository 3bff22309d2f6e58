// "Server busy, retrying in N s": shown over the canvas while a read waits out a 429's Retry-After
// (api.ts retries it), counting down, and gone when the answer comes. The app is never left blank
// with only a passing message.
import { onServerBusy } from '../api';
import { byId } from '../dom';
import { t, type Lang } from '../i18n';

export function setupServerWait(lang: () => Lang): void {
  const box = byId('server-wait');
  const text = byId('server-wait-text');
  let timer: ReturnType<typeof setInterval> | undefined;
  onServerBusy((seconds) => {
    clearInterval(timer);
    timer = undefined;
    if (seconds <= 0) {
      box.hidden = true;
      document.body.dataset.serverWait = '';
      return;
    }
    let left = Math.ceil(seconds);
    const write = () =>
      (text.textContent = t('serverBusy', lang()).replaceAll('{s}', String(Math.max(0, left))));
    write();
    box.hidden = false;
    document.body.dataset.serverWait = 'waiting';
    // The countdown is what the analyst reads; the retry itself is api.ts's, after the full wait.
    timer = setInterval(() => {
      left--;
      write();
    }, 1000);
  });
}
