/**
 * Layer rules (issue 13, STYLE.md "Boundaries"), checked in CI by `npm run lint:boundaries`.
 * domain is pure; services know no transport; data knows no use case; handlers reach data only
 * through a service verb; nothing below the transports imports hono.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "src/domain imports no data, services, http, routes or ports.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "^src/(data|services|http|routes|ports)/" },
    },
    {
      name: "services-know-no-transport",
      comment: "src/services imports no http or routes (each transport maps ServiceErrors itself).",
      severity: "error",
      from: { path: "^src/services/" },
      to: { path: "^src/(http|routes)/" },
    },
    {
      name: "data-knows-no-use-case",
      comment: "src/data imports no services or http.",
      severity: "error",
      from: { path: "^src/data/" },
      to: { path: "^src/(services|http)/" },
    },
    {
      name: "routes-go-through-services",
      comment: "src/routes (and later src/web) import no data: a handler calls one service verb.",
      severity: "error",
      from: { path: "^src/(routes|web)/" },
      to: { path: "^src/data/" },
    },
    {
      name: "no-circular-services",
      comment: "src/services has no import cycle (type-only imports count): each area depends one way.",
      severity: "error",
      from: { path: "^src/services/" },
      to: { circular: true },
    },
    {
      name: "no-hono-below-the-transports",
      comment: "src/services, domain, data and ports import no hono.",
      severity: "error",
      from: { path: "^src/(services|domain|data|ports)/" },
      to: { path: "(^|/)node_modules/hono/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
