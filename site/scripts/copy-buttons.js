// Progressive enhancement: copy buttons appear only where the Clipboard API exists.
// Served as an external file by pages/scripts/copy-buttons.js.ts: the page CSP forbids inline scripts.
for (const button of document.querySelectorAll('button[data-copy]')) {
  if (!navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    const source = document.getElementById(button.dataset.copy || '');
    const status = button.nextElementSibling;
    if (!(source instanceof HTMLTextAreaElement)) return;
    try {
      await navigator.clipboard.writeText(source.value);
      if (status) status.textContent = button.dataset.copied || '';
    } catch {
      source.select();
      if (status) status.textContent = button.dataset.failed || '';
    }
  });
}
