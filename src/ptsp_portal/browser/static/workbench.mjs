// The officer's workbench on the application page (issue 19 §1, §3):
// PDF previews with pdf.js (npm pdfjs-dist, served from
// ++plone++ptsp_portal/pdfjs/ by the portal itself: CSP script-src and
// worker-src 'self') and the keyboard shortcuts documented on the page.
// Every document is read from its own @@download/file (the access log
// records it); nothing else is fetched.

const panel = document.getElementById("pemeriksaan");

async function renderPdf(figure, pdfjs) {
  const canvas = figure.querySelector("canvas");
  const status = figure.querySelector(".ptsp-pdf-status");
  const label = figure.querySelector(".ptsp-pdf-page");
  const prev = figure.querySelector(".ptsp-pdf-prev");
  const next = figure.querySelector(".ptsp-pdf-next");
  let doc;
  try {
    doc = await pdfjs.getDocument({
      url: figure.dataset.url,
      withCredentials: true,
      // one plain GET per preview: one "download" entry in the access log
      disableRange: true,
      disableStream: true,
      isEvalSupported: false,
      enableXfa: false,
    }).promise;
  } catch (error) {
    status.textContent = panel.dataset.pdfError;
    figure.classList.add("ptsp-preview-failed");
    return;
  }
  let number = 1;
  const show = async () => {
    const page = await doc.getPage(number);
    const width = Math.min(figure.clientWidth || 600, 900);
    const unscaled = page.getViewport({ scale: 1 });
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: (width / unscaled.width) * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    await page.render({ canvasContext: canvas.getContext("2d"), canvas, viewport }).promise;
    label.textContent = `${number} / ${doc.numPages}`;
    prev.disabled = number <= 1;
    next.disabled = number >= doc.numPages;
    figure.dataset.rendered = String(number);
  };
  prev.addEventListener("click", () => { if (number > 1) { number -= 1; show(); } });
  next.addEventListener("click", () => { if (number < doc.numPages) { number += 1; show(); } });
  await show();
  status.textContent = "";
  status.hidden = true;
}

async function previews() {
  const figures = panel ? panel.querySelectorAll(".ptsp-preview-pdf[data-url]") : [];
  if (!figures.length) {
    return;
  }
  const base = panel.dataset.pdfjs;
  const pdfjs = await import(`${base}/pdf.min.mjs`);
  pdfjs.GlobalWorkerOptions.workerSrc = `${base}/pdf.worker.min.mjs`;
  await Promise.all([...figures].map((figure) => renderPdf(figure, pdfjs)));
}

// --- keyboard shortcuts (listed in #pintasan on the page) -----------------

function typing(target) {
  if (!(target instanceof Element)) {
    return false;
  }
  return Boolean(target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
}

function focusAndShow(element) {
  if (!element) {
    return false;
  }
  element.scrollIntoView({ block: "center" });
  element.focus();
  return true;
}

const SHORTCUTS = {
  // Berikutnya: the only shortcut that leaves the page by itself
  n: () => {
    const link = document.querySelector("a.ptsp-next-application");
    if (link) {
      window.location.assign(link.href);
      return true;
    }
    return false;
  },
  // the first document not checked yet (or the first one)
  d: () => focusAndShow(
    document.querySelector("#pemeriksaan input[type=radio][value='']:checked")
      ?.closest("fieldset")?.querySelector("input[type=radio]")
      || document.querySelector("#pemeriksaan input[type=radio]"),
  ),
  // the transitions are only focused: Enter runs them, so one stray key never does
  t: () => focusAndShow(document.querySelector("button[name=workflow_action][value=accept]")),
  p: () => focusAndShow(document.querySelector("button[name=workflow_action][value=request_revision]")),
  c: () => focusAndShow(document.getElementById("ptsp-comment")),
  s: () => focusAndShow(document.querySelector(".ptsp-checks-save")),
};

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
    return;
  }
  if (typing(event.target)) {
    return;
  }
  const action = SHORTCUTS[event.key];
  if (action && action()) {
    event.preventDefault();
  }
});

previews();
