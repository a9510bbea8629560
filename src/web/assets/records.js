/**
 * Record metadata from a chosen file (served as /assets/records.<hash>.js): fills a record row's
 * name, file type, size and SHA-256 from a file the patient picks. The file itself is never read
 * out of the browser or sent; without JavaScript the row is typed by hand.
 */
async function sha256Hex(file) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

for (const row of document.querySelectorAll("[data-record-row]")) {
  const picker = row.querySelector("[data-record-file]");
  if (!picker) continue;
  picker.hidden = false;
  const input = picker.querySelector("input");
  const field = (name) => row.querySelector('[name="records.' + row.dataset.recordRow + "." + name + '"]');
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    field("name").value = file.name.slice(0, 200);
    field("mediaType").value = file.type || "application/octet-stream";
    field("sizeBytes").value = String(file.size);
    if (file.size <= 200000000 && crypto.subtle) field("sha256").value = await sha256Hex(file);
  });
}
