// kbassist web: results as you type. The server renders (and escapes) the results; this
// script only asks for them and puts them in place. Without it the form still works.
"use strict";
(function () {
  const form = document.getElementById("search");
  const box = document.getElementById("results");
  if (!form || !box) return;
  let timer = null;
  let latest = 0;
  function query() {
    const data = new URLSearchParams(new FormData(form));
    for (const [k, v] of Array.from(data.entries())) if (!v) data.delete(k);
    return data.toString();
  }
  async function refresh() {
    const qs = query();
    const mine = ++latest;
    try {
      const response = await fetch("/results?" + qs, { credentials: "same-origin" });
      const html = await response.text();
      if (mine !== latest) return; // a newer search was asked for meanwhile
      box.innerHTML = html;
      history.replaceState(null, "", qs ? "/?" + qs : "/");
    } catch (e) {
      // the network failed: the Search button still submits the form
    }
  }
  function later(ms) {
    clearTimeout(timer);
    timer = setTimeout(refresh, ms);
  }
  form.addEventListener("input", (event) => later(event.inputType === "insertFromPaste" ? 0 : 250));
  form.addEventListener("change", () => later(0));
})();
