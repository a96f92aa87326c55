/* Landing on evidence, on a source's page.
   The fragment (#citation-N) names one excerpt: every piece of it is marked apart from the
   other highlights and the first is brought into view with context above it. A piece that is
   evidence for several facts offers them all when clicked, instead of one. */
function diplofactsLanding() {
  "use strict";
  var text = document.querySelector(".source-text");
  if (!text) return;
  var data = document.getElementById("diplofacts-citations");
  var citations = data ? JSON.parse(data.textContent) : {};

  function piecesOf(id) {
    return Array.prototype.filter.call(text.querySelectorAll("mark[data-citations]"), function (m) {
      return m.getAttribute("data-citations").split(" ").indexOf(id) >= 0;
    });
  }

  /* A label in words before a landed passage: what it does for its fact, and the fact. */
  function label(pieces, entry, kind) {
    if (!pieces.length) return;
    var tag = document.createElement("span");
    tag.className = "landed-label landed-label-" + kind;
    var what = document.createElement("strong");
    what.textContent = entry[4].charAt(0).toUpperCase() + entry[4].slice(1) + ": ";
    tag.appendChild(what);
    if (kind === "main") {
      var back = document.createElement("a");
      back.href = entry[1];
      back.textContent = entry[0];
      tag.appendChild(back);
    }
    var before = pieces[0];  // ahead of the excerpt's anchor too, which links keep next to the mark
    while (before.previousSibling && before.previousSibling.classList && before.previousSibling.classList.contains("anchor")) {
      before = before.previousSibling;
    }
    before.parentNode.insertBefore(tag, before);
  }

  /* Landing: the named excerpt is marked; for a stating passage, the passages of the same
     source naming who said it (role "attributes") for the same fact are marked in a lighter
     style, and for an attribution, what it attributes; each is labelled in words. */
  function land() {
    Array.prototype.forEach.call(text.querySelectorAll("mark.landed, mark.landed-related"), function (m) {
      m.classList.remove("landed", "landed-related");
    });
    Array.prototype.forEach.call(text.querySelectorAll(".landed-label"), function (l) { l.remove(); });
    var id = decodeURIComponent(location.hash.slice(1));
    var entry = citations[id];
    if (!entry) return;
    var pieces = piecesOf(id);
    pieces.forEach(function (m) { m.classList.add("landed"); });
    label(pieces, entry, "main");
    Object.keys(citations).forEach(function (other) {
      var o = citations[other];
      if (other === id || o[3] !== entry[3] || (o[2] === "attributes") === (entry[2] === "attributes")) return;
      var more = piecesOf(other).filter(function (m) { return !m.classList.contains("landed"); });
      more.forEach(function (m) { m.classList.add("landed-related"); });
      label(more, o, "other");
    });
    text.classList.toggle("has-landed", pieces.length > 0);
    if (pieces.length) pieces[0].scrollIntoView({ block: "center" });
  }

  var chooser = null;
  function closeChooser() {
    if (chooser) { chooser.remove(); chooser = null; }
  }
  function choose(mark) {
    closeChooser();
    var ids = mark.getAttribute("data-citations").split(" ").filter(function (id) { return citations[id]; });
    chooser = document.createElement("div");
    chooser.className = "diplofacts-chooser";
    chooser.setAttribute("role", "dialog");
    chooser.setAttribute("aria-label", "Facts this passage is evidence for");
    var heading = document.createElement("p");
    heading.textContent = "This passage is evidence for " + ids.length + " facts:";
    chooser.appendChild(heading);
    var list = document.createElement("ul");
    ids.forEach(function (id) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = citations[id][1];
      link.textContent = citations[id][0];
      item.appendChild(link);
      list.appendChild(item);
    });
    chooser.appendChild(list);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.addEventListener("click", closeChooser);
    chooser.appendChild(close);
    document.body.appendChild(chooser);
    list.querySelector("a").focus();
  }

  text.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark[data-citations]");
    if (!mark || mark.getAttribute("data-citations").split(" ").length < 2) return;
    event.preventDefault();
    choose(mark);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeChooser();
  });
  window.addEventListener("hashchange", land);
  land();
}
/* "Copy the citation" on a fact's page. */
function diplofactsCopy() {
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var select = function () {  // no clipboard (plain http, or refused): select it for the reader
        var range = document.createRange();
        range.selectNodeContents(source);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        button.textContent = document.execCommand && document.execCommand("copy") ? "Copied" : "Selected: copy it";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.textContent).then(function () { button.textContent = "Copied"; }, select);
      } else {
        select();
      }
    });
  });
}
function diplofactsInit() { diplofactsLanding(); diplofactsCopy(); }
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", diplofactsInit);  // loaded in the head
} else {
  diplofactsInit();
}
