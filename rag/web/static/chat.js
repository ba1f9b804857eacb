() => {
  // A citation marker [n] opens its reference under the answer and shows the passage it rests on;
  // when the sources panel shows this answer, it scrolls to the same paper's group, which flashes.
  const flash = (element) => {
    element.classList.remove("flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("flash");
  };
  // Scroll only the panel's own box: the page stays on the answer that was clicked.
  const bringIntoPanel = (element) => {
    const panel = element.closest(".sources");
    if (!panel) return;
    const offset = element.getBoundingClientRect().top - panel.getBoundingClientRect().top;
    panel.scrollBy({ top: offset }); // at once: a second smooth scroll could cancel the answer's
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.cite");
    if (!link) return;
    const id = link.getAttribute("href").slice(1); // "t3-ref2": Gradio's sanitizer drops data-* attributes
    const passages = document.getElementById(id);
    if (!passages) return;
    event.preventDefault();
    const source = document.getElementById(id.replace("-ref", "-src"));
    if (source) {
      bringIntoPanel(source);
      flash(source);
    }
    const reference = passages.closest("details");
    if (reference) reference.open = true;
    passages.scrollIntoView({ block: "nearest", behavior: "smooth" });
    flash(passages);
  });
}
