import {
  BIGINT,
  BOOLEAN,
  type DuckDBConnection,
  DuckDBScalarFunction,
  type DuckDBType,
  VARCHAR,
} from '@duckdb/node-api';
import { openDuckDB } from '../../../src/sql/duckdb.js';
import { javaUrlDecode, trinoRegexpExtract, trinoRegexpLike, trinoRegexpReplace } from './trinoFunctions.js';

type Value = string | number | bigint | boolean | null;

/**
 * Registers Trino's versions of the functions whose DuckDB namesakes behave otherwise, under the
 * names translateSql.ts gives them: `trino_url_decode`, `trino_regexp_replace`,
 * `trino_regexp_extract`, `trino_regexp_like`. An error raised inside becomes a DuckDB error,
 * which `try(...)` turns into NULL, as in Trino.
 */
function registerTrinoFunctions(connection: DuckDBConnection): void {
  const register = (
    name: string,
    types: DuckDBType[],
    returnType: DuckDBType,
    fn: (...args: Value[]) => Value,
  ) =>
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name,
        returnType,
        parameterTypes: types,
        mainFunction: (info, input, output) => {
          const vectors = types.map((_, i) => input.getColumnVector(i));
          for (let row = 0; row < input.rowCount; row++) {
            const args = vectors.map((v) => v.getItem(row) as Value);
            try {
              output.setItem(row, args.some((a) => a === null) ? null : (fn(...args) as never));
            } catch (error) {
              info.setError(error instanceof Error ? error.message : String(error));
              return;
            }
          }
          output.flush();
        },
      }),
    );
  register('trino_url_decode', [VARCHAR], VARCHAR, (value) => javaUrlDecode(String(value)));
  register('trino_regexp_replace', [VARCHAR, VARCHAR, VARCHAR], VARCHAR, (value, pattern, replacement) =>
    trinoRegexpReplace(String(value), String(pattern), String(replacement)),
  );
  register('trino_regexp_extract', [VARCHAR, VARCHAR, BIGINT], VARCHAR, (value, pattern, group) =>
    trinoRegexpExtract(String(value), String(pattern), Number(group)),
  );
  register('trino_regexp_like', [VARCHAR, VARCHAR], BOOLEAN, (value, pattern) =>
    trinoRegexpLike(String(value), String(pattern)),
  );
}

/**
 * A DuckDB that computes as Trino does where the translated SQL depends on it: integers divide as
 * integers (`integer_division`), the functions above are registered, the time zone is UTC.
 */
export async function openTrinoDuckDB(memoryLimit: string): Promise<DuckDBConnection> {
  const connection = await openDuckDB({ memoryLimit });
  await connection.run('SET integer_division = true');
  registerTrinoFunctions(connection);
  return connection;
}
