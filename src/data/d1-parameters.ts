import {
  BinaryOperationNode,
  type CompiledQuery,
  createQueryId,
  InsertQueryNode,
  OperationNodeTransformer,
  OperatorNode,
  PrimitiveValueListNode,
  RawNode,
  type RootOperationNode,
  SqliteQueryCompiler,
  ValueNode,
  ValuesNode,
} from "kysely";

/** D1 refuses a statement with more than this many bound parameters. */
export const D1_MAX_PARAMETERS = 100;
const LIMIT_TEXT = `D1 allows ${D1_MAX_PARAMETERS} bound parameters per statement`;

/** `x IN (?, ?, …)` → `x IN (select value from json_each(?))`: one parameter however long the list. */
class InListToJson extends OperationNodeTransformer {
  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const t = super.transformBinaryOperation(node);
    const op = OperatorNode.is(t.operator) ? t.operator.operator : null;
    if (
      (op === "in" || op === "not in") &&
      PrimitiveValueListNode.is(t.rightOperand) &&
      t.rightOperand.values.length > 1
    ) {
      const json = JSON.stringify(t.rightOperand.values.map((v) => (typeof v === "bigint" ? Number(v) : v)));
      return BinaryOperationNode.create(
        t.leftOperand,
        t.operator,
        RawNode.create(["(select value from json_each(", "))"], [ValueNode.create(json)]),
      );
    }
    return t;
  }
}

/**
 * The statement(s) to run for one query within D1's parameter limit: the query itself; or with
 * its IN lists passed as JSON; or, for a multi-row INSERT, several INSERTs of consecutive rows.
 */
export function fitParameters(cq: CompiledQuery, compiler = new SqliteQueryCompiler()): CompiledQuery[] {
  if (cq.parameters.length <= D1_MAX_PARAMETERS) return [cq];
  const node = new InListToJson().transformNode(cq.query) as RootOperationNode;
  const rewritten = compiler.compileQuery(node, createQueryId());
  if (rewritten.parameters.length <= D1_MAX_PARAMETERS) return [rewritten];
  if (InsertQueryNode.is(node) && node.values && ValuesNode.is(node.values) && node.values.values.length > 1) {
    const rows = node.values.values;
    const parts: CompiledQuery[] = [];
    let i = 0;
    while (i < rows.length) {
      // As many rows as fit, starting from the average and shrinking until they do.
      let n = Math.max(
        1,
        Math.min(rows.length - i, Math.floor((D1_MAX_PARAMETERS * rows.length) / rewritten.parameters.length)),
      );
      for (;;) {
        const part = compiler.compileQuery(
          InsertQueryNode.cloneWith(node, { values: ValuesNode.create(rows.slice(i, i + n)) }),
          createQueryId(),
        );
        if (part.parameters.length <= D1_MAX_PARAMETERS) {
          parts.push(part);
          i += n;
          break;
        }
        if (n === 1) throw new RangeError(`${LIMIT_TEXT}; one row of this INSERT needs ${part.parameters.length}`);
        n = Math.max(1, Math.floor(n / 2));
      }
    }
    return parts;
  }
  throw new RangeError(`${LIMIT_TEXT}; this one needs ${rewritten.parameters.length}: ${cq.sql.slice(0, 120)}`);
}
