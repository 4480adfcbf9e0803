// The pages' one script. Every page works without it; with it:
// - a form is sent in the background and the page it leads to replaces
//   this one in place (problems, or the saved record), with the address
//   and the history kept right;
// - the directory's filters apply as they are changed, without a button;
// - on a phone the signed-in menu and the directory's filters start folded;
// - a part of a page marked live (#zive) follows the board's socket and is
//   fetched again when something it shows changes (capacity, a meeting's
//   outcome, a request) — never while the person is typing in it: then a
//   notice offers to reload instead, so nothing typed is lost;
// - a notice says when the live connection is down and being restored.
(function () {
  "use strict";

  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    var fresh = next.querySelector("main");
    var main = document.querySelector("main");
    if (!fresh || !main) { return; }
    var focused = document.activeElement && document.activeElement.id;
    var folded = main.querySelector("details.filtry-vse");
    var open = folded ? folded.open : true;
    main.innerHTML = fresh.innerHTML;
    folded = main.querySelector("details.filtry-vse");
    if (folded) { folded.open = open; }
    if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
    wire();
  }

  function load(url, replace) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      return r.text().then(function (text) {
        swap(text);
        if (replace) { history.replaceState(null, "", url); shown = location.pathname + location.search; }
      });
    }).catch(function () { location.href = url; });
  }

  // Filters in place: the GET form's query, fetched as the page it is.
  function filters(form) {
    if (form.dataset.wired) { return; }
    form.dataset.wired = "1";
    var timer = null;
    function apply() {
      var query = new URLSearchParams(new FormData(form));
      Array.from(query.keys()).forEach(function (k) { if (query.get(k) === "") { query.delete(k); } });
      load(form.getAttribute("action") + "?" + query.toString(), true);
    }
    form.addEventListener("change", function (event) {
      if (event.target.type !== "search") { apply(); }
    });
    form.addEventListener("input", function (event) {
      if (event.target.type !== "search") { return; }
      clearTimeout(timer);
      timer = setTimeout(apply, 400);
    });
  }

  // A whole page in place of this one: its title, language and body; the
  // live part follows the new page.
  function replacePage(html, url, push) {
    var next = new DOMParser().parseFromString(html, "text/html");
    document.title = next.title;
    document.documentElement.lang = next.documentElement.lang;
    document.body.replaceWith(document.importNode(next.body, true));
    if (push) { history.pushState(null, "", url); }
    shown = location.pathname + location.search;
    if (socket) { socket.onclose = null; socket.close(); socket = null; }
    dirty = false;
    fold();
    wire();
    var said = document.querySelector(".chyby, .upozorneni, .potvrzeni");
    if (said) { said.setAttribute("tabindex", "-1"); said.focus(); } else { window.scrollTo(0, 0); }
  }

  function sendInPlace(event) {
    var form = event.target;
    if (form.method !== "post" || form.hasAttribute("data-cele")) { return; }
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin" }).then(function (r) {
      return r.text().then(function (html) {
        replacePage(html, r.url, r.url !== location.href);
      });
    }).catch(function () { form.submit(); });
  }

  var socket = null;
  var retry = 500;
  var dirty = false;
  var due = null;

  function notice(id, text, button) {
    var box = document.getElementById(id);
    if (!text) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = id;
      box.className = "spojeni";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.textContent = text + " ";
    if (button) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = button;
      b.addEventListener("click", function () { location.reload(); });
      box.appendChild(b);
    }
  }

  function changed() {
    if (dirty) { notice("zmena", "Údaje na stránce se mezitím změnily.", "Načíst znovu"); return; }
    clearTimeout(due);
    due = setTimeout(function () { load(location.href, false); }, 300);
  }

  function follow(live) {
    var lists = function (name) { return (live.dataset[name] || "").split(" ").filter(Boolean); };
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/api/v1/board/ws", "uzel.board.v1.json");
    socket.onopen = function () {
      retry = 500;
      notice("spojeni", null);
      var message = { type: "subscribe", from: Number(live.dataset.pozice), networks: lists("site"),
        kinds: lists("druhy"), actors: lists("akteri"), platforms: lists("platformy") };
      socket.send(JSON.stringify(message));
    };
    socket.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type === "post") {
        live.dataset.pozice = String(frame.position);
        changed();
      }
    };
    socket.onclose = function (event) {
      if (event.code === 1008) { notice("spojeni", "Přihlášení vypršelo – přihlaste se znovu."); return; }
      notice("spojeni", "Bez spojení – znovu se připojuji…");
      setTimeout(function () { follow(document.getElementById("zive") || live); }, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  // A form that says what is wrong as it is typed: its fields are sent to
  // the form's check address (which writes nothing) and the answer shown.
  function checked(form) {
    if (form.dataset.wired) { return; }
    form.dataset.wired = "1";
    var out = document.getElementById("kontrola-vysledek");
    var timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(form.dataset.kontrola, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
          .then(function (r) { return r.text(); })
          .then(function (html) { if (out) { out.innerHTML = html; } });
      }, 500);
    });
  }

  function wire() {
    Array.from(document.querySelectorAll("form[data-kontrola]")).forEach(checked);
    Array.from(document.querySelectorAll("form.filtry[data-hned]")).forEach(filters);
    var live = document.getElementById("zive");
    if (live) {
      live.addEventListener("input", function () { dirty = true; });
      if (!socket) { follow(live); }
    }
  }

  document.addEventListener("submit", sendInPlace);
  // Back and forward between pages replaced in place load them; a jump
  // within the page (the skip link) is left to the browser.
  var shown = location.pathname + location.search;
  window.addEventListener("popstate", function () {
    if (location.pathname + location.search !== shown) { location.reload(); }
  });
  // On a phone the signed-in menu and the directory's filters start
  // folded, so that the page's content follows its heading and the
  // directory's results its search; on a wide screen they stand open.
  var FOLDS = "details.nabidka, details.filtry-vse";
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;
  function fold() {
    if (!narrow || !narrow.matches) { return; }
    Array.from(document.querySelectorAll(FOLDS)).forEach(function (d) { d.open = false; });
  }
  function unfold() {
    if (narrow.matches) { return; }
    Array.from(document.querySelectorAll(FOLDS)).forEach(function (d) { d.open = true; });
  }
  if (narrow) {
    // Older browsers know only addListener.
    if (narrow.addEventListener) { narrow.addEventListener("change", unfold); } else if (narrow.addListener) { narrow.addListener(unfold); }
  }

  document.addEventListener("DOMContentLoaded", function () { fold(); wire(); });
})();
