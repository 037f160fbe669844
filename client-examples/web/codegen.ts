import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed operations from the checked-in schema (docs/schema.graphql, rewritten by `make schema`).
// The output, src/gql/, is checked in: `npm run codegen` rewrites it, and the build (tsc) fails
// when an operation no longer matches the schema.
const config: CodegenConfig = {
  schema: "../../docs/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**"],
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string", Date: "string", Decimal: "string", JSON: "unknown", ID: "string" },
      },
    },
  },
  ignoreNoDocuments: false,
};
export default config;
