/* machmal showcase: keyboard navigation in the rows and the fair programme's "live now" /
   "next". No data is fetched: everything is in the page. */
(function () {
  "use strict";

  /* Arrow keys move between cards: left/right within a row, up/down to the next row. */
  function cardsOf(row) { return Array.prototype.slice.call(row.querySelectorAll(".card a")); }

  function onKey(event) {
    var link = event.target.closest && event.target.closest(".card a");
    if (!link) { return; }
    var rows = Array.prototype.slice.call(document.querySelectorAll(".cards"));
    var row = link.closest(".cards");
    var r = rows.indexOf(row), cards = cardsOf(row), c = cards.indexOf(link), target = null;
    if (event.key === "ArrowRight") { target = cards[c + 1]; }
    else if (event.key === "ArrowLeft") { target = cards[c - 1]; }
    else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var other = rows[r + (event.key === "ArrowDown" ? 1 : -1)];
      if (other) { var next = cardsOf(other); target = next[Math.min(c, next.length - 1)]; }
    } else if (event.key === "Home") { target = cards[0]; }
    else if (event.key === "End") { target = cards[cards.length - 1]; }
    if (target) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  }

  /* Mark the programme's slots from the visitor's clock (slot times carry their offset). */
  function markSchedule() {
    var list = document.querySelector(".schedule");
    if (!list) { return; }
    var now = Date.now(), slots = list.querySelectorAll(".slot"), nextStart = Infinity;
    var i, start, end, live = [];
    for (i = 0; i < slots.length; i++) {
      start = Date.parse(slots[i].getAttribute("data-start"));
      if (start > now && start < nextStart) { nextStart = start; }
    }
    for (i = 0; i < slots.length; i++) {
      var slot = slots[i], badge = slot.querySelector(".slot-badge");
      start = Date.parse(slot.getAttribute("data-start"));
      end = Date.parse(slot.getAttribute("data-end"));
      var isLive = start <= now && now < end, isNext = start === nextStart;
      slot.classList.toggle("is-live", isLive);
      slot.classList.toggle("is-next", isNext);
      slot.classList.toggle("is-past", end <= now);
      badge.textContent = isLive ? list.getAttribute("data-label-live")
        : (isNext ? list.getAttribute("data-label-next") : "");
      if (isLive) { live.push(slot.querySelector(".slot-company").textContent); }
    }
    var line = document.querySelector(".programme .now");
    if (line) {
      line.hidden = live.length === 0;
      line.textContent = live.length ? list.getAttribute("data-label-live") + ": " + live.join(", ") : "";
    }
  }

  document.addEventListener("keydown", onKey);
  markSchedule();
  setInterval(markSchedule, 30000);
}());
