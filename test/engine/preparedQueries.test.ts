import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { freshStore } from '../helpers.js';

test('runs a query again from its prepared statement with new values, seeing tables and views as they are now', async () => {
  const engine = await DuckDBEngine.open({ store: await freshStore() });
  try {
    await engine.query('CREATE TABLE numbers AS SELECT range AS n FROM range(10)');
    await engine.query('CREATE VIEW small AS SELECT n FROM numbers WHERE n < 5');
    const sql = 'SELECT count(*) AS c, sum(n) AS s FROM small WHERE n >= $from';
    assert.deepEqual((await engine.query(sql, { from: 0 })).rows, [[5, 10]]);
    assert.deepEqual((await engine.query(sql, { from: 3 })).rows, [[2, 7]], 'other values');
    await engine.query('CREATE OR REPLACE VIEW small AS SELECT n FROM numbers WHERE n < 8');
    assert.deepEqual((await engine.query(sql, { from: 3 })).rows, [[5, 25]], 'the view replaced');
    await engine.query('INSERT INTO numbers VALUES (4)');
    assert.deepEqual((await engine.query(sql, { from: 3 })).rows, [[6, 29]], 'a row added');
    await engine.query('CREATE OR REPLACE TABLE numbers AS SELECT range * 2 AS n FROM range(10)');
    assert.deepEqual((await engine.query(sql, { from: 0 })).rows, [[4, 12]], 'the table replaced');
    assert.deepEqual((await engine.query(`SELECT 'a;b' AS t`)).rows, [['a;b']], 'a semicolon in a string');
    await assert.rejects(engine.query('SELECT * FROM missing_table'), /the query failed: .*missing_table/);
  } finally {
    await engine.close();
  }
});

test('runs a query on its second connection beside one on the first, both seeing the same tables', async () => {
  const engine = await DuckDBEngine.open({ store: await freshStore() });
  try {
    await engine.query('CREATE TABLE numbers AS SELECT range AS n FROM range(100000)');
    const sql = 'SELECT count(*) AS c, sum(n) AS s FROM numbers WHERE n % $m = 0';
    const [first, second] = await Promise.all([engine.query(sql, { m: 2 }), engine.querySide(sql, { m: 5 })]);
    assert.deepEqual(first.rows, [[50000, 2499950000]]);
    assert.deepEqual(second.rows, [[20000, 999950000]]);
    await engine.query('INSERT INTO numbers VALUES (100000)');
    assert.deepEqual(
      (await engine.querySide(sql, { m: 5 })).rows,
      [[20001, 1000050000]],
      'a row the first added',
    );
  } finally {
    await engine.close();
  }
});
