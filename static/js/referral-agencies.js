// Make a referral: the agency list offers only the agencies that fit the kind of referral chosen (the
// select's data-agency-kinds-for maps each kind to its agency kinds; a kind not listed may go to any). Nothing
// is chosen for the officer: a choice that no longer fits goes back to "Select an agency". The server checks
// the fit again (mappa.forms.referrals.ReferralForm).
const select = document.querySelector("select[data-agency-kinds-for]");
if (select && select.form) {
  const form = select.form;
  const kindsFor = JSON.parse(select.dataset.agencyKindsFor);
  const options = Array.from(select.options);

  const offer = () => {
    const checked = form.querySelector('input[name="kind"]:checked');
    const fits = checked ? kindsFor[checked.value] : undefined;
    const current = select.value;
    const offered = options.filter((option) => !option.value || !fits || fits.includes(option.dataset.agencyKind));
    select.replaceChildren(...offered);
    select.value = offered.some((option) => option.value === current) ? current : "";
  };

  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") offer();
  });
  offer();
}
