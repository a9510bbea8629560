import { foreignDepartmentCodes, loadTariffVersions } from "../../data/tariffs-repo";
import { affirmedTotalHolds, checkAffirmedLine, parseAffirmation } from "../../domain/parity/affirmation";
import type { ServiceContext } from "../context";

export function parityKeys({ ctx }: { ctx: ServiceContext }) {
  return { keys: [ctx.signer.publicJwk] };
}

/**
 * Verifies a parity affirmation: the Ed25519 signature over the exact payload bytes, and —
 * independently — that every line still equals the domestic price of the tariff version it names.
 */
export async function verifyAffirmation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { payload: string; signature: string; keyId?: string };
}) {
  const keyKnown = input.keyId === undefined || input.keyId === ctx.signer.keyId;
  const signatureValid = keyKnown && (await ctx.signer.verify(input.payload, input.signature));
  const doc = parseAffirmation(input.payload);
  if (!doc) {
    return {
      signatureValid,
      keyId: ctx.signer.keyId,
      document: null,
      parity: null,
      valid: false,
      reasons: ["payload is not a Caravan parity affirmation"],
    };
  }
  const reasons: string[] = [];
  if (!keyKnown) reasons.push(`unknown key ${input.keyId}`);
  else if (!signatureValid) reasons.push("signature does not match the payload");
  const [versions, foreign] = await Promise.all([
    loadTariffVersions(ctx.db, doc.hospitalId),
    foreignDepartmentCodes(ctx.db, doc.hospitalId),
  ]);
  const lines = doc.lines.map((l) => {
    const check = checkAffirmedLine(l, versions, foreign);
    if (!check.holds)
      reasons.push(`line ${l.lineNo} (${l.code}) does not match the domestic tariff version ${l.tariffVersion}`);
    return check;
  });
  const totalOk = affirmedTotalHolds(doc);
  if (!totalOk) reasons.push("medicalTotal is not the sum of the lines");
  const parityHolds = lines.every((l) => l.holds) && totalOk;
  return {
    valid: signatureValid && parityHolds,
    signatureValid,
    keyId: ctx.signer.keyId,
    document: doc,
    parity: { holds: parityHolds, lines },
    reasons,
  };
}
