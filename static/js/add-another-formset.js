// The MoJ "add another" component copies and renumbers a row of a Django formset; this keeps the formset's
// TOTAL_FORMS equal to the rows on the page (so the server reads every row) and hides "Add another" once the
// page holds as many rows as the plan may (data-max-items). The server checks the limit again.
document.querySelectorAll('[data-module="moj-add-another"][data-formset-prefix]').forEach((root) => {
  const prefix = root.dataset.formsetPrefix;
  const max = Number(root.dataset.maxItems);
  const total = root.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const rows = () => root.querySelectorAll(".moj-add-another__items > .moj-add-another__item").length;

  const sync = () => {
    const count = rows();
    if (total) total.value = String(count);
    const container = root.querySelector(".moj-add-another__add-button-container");
    if (container) container.hidden = Number.isFinite(max) && count >= max;
  };

  root.addEventListener("moj-add-another:add-item", sync);
  root.addEventListener("moj-add-another:remove-item", sync);
  sync();
});
