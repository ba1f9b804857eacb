() => {
  // A citation marker [n] opens its reference under the answer and shows the passage it rests on;
  // the same paper's group in the sources panel flashes when that panel shows this answer.
  const flash = (element) => {
    element.classList.remove("flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("flash");
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.cite");
    if (!link) return;
    const passages = document.getElementById(link.getAttribute("href").slice(1));
    if (!passages) return;
    event.preventDefault();
    const reference = passages.closest("details");
    if (reference) reference.open = true;
    passages.scrollIntoView({ block: "nearest", behavior: "smooth" });
    flash(passages);
    const source = document.getElementById(`t${link.dataset.turn}-src${link.dataset.n}`);
    if (source) flash(source);
  });
}
