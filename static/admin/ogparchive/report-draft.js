// "Start from a PDF": while the uploaded report is read, show how many pages are read. The
// server keeps the reading's progress under the upload's id (archive.report_draft_admin); this
// asks for it every second until the page is replaced by the preview.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("draft-upload");
  const shown = document.getElementById("draft-progress");
  if (!form || !shown) return;
  const bar = shown.querySelector("progress");
  const text = shown.querySelector("span");
  form.addEventListener("submit", () => {
    shown.hidden = false;
    const ask = async () => {
      try {
        const answer = await fetch(form.dataset.progressUrl, { credentials: "same-origin" });
        const progress = await answer.json();
        if (progress.total) {
          bar.max = progress.total;
          bar.value = progress.done;
          text.textContent = text.dataset.pages
            .replace("%(done)s", progress.done)
            .replace("%(total)s", progress.total);
        }
      } catch (error) {
        // The page is being replaced, or the server is busy: ask again.
      }
      window.setTimeout(ask, 1000);
    };
    window.setTimeout(ask, 500);
  });
});
