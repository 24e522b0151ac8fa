const D = require('better-sqlite3'); const fs = require('fs');
function setup(f){ for (const s of ['','-wal','-shm']) try{fs.unlinkSync(f+s)}catch{}; const db=new D(f); db.pragma('journal_mode=WAL'); db.pragma('synchronous=NORMAL'); db.pragma('temp_store=MEMORY');
db.exec(`create table p (id integer primary key, m text, ref text, tok text, amount int, status text, state text, created int, updated int, x1 text, x2 text, x3 text);
create unique index p_tok on p(tok); create index p_m_ref on p(m, ref); create index p_c on p(created, id);
create table o (id integer primary key, pid int, kind text, status text, amount int, created int); create index o_pid on o(pid);`); return db; }
function run(name, useSp, batch=6, n=60000) {
  const db = setup('/tmp/sp-'+name+'.db');
  const ins = db.prepare('insert into p (m, ref, tok, amount, status, state, created, updated, x1, x2, x3) values (?,?,?,?,?,?,?,?,?,?,?) returning id');
  const op = db.prepare('insert into o (pid, kind, status, amount, created) values (?,?,?,?,?) returning id');
  const sel = db.prepare('select * from p where id = ?');
  const upd = db.prepare('update p set status = ?, state = ?, updated = ? where id = ?');
  const c = (s) => db.prepare(s);
  const B=c('BEGIN IMMEDIATE'), C=c('COMMIT'), S=c('SAVEPOINT t'), R=c('RELEASE t');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i += batch) {
    B.run();
    for (let j = 0; j < batch; j++) {
      const k = i + j; const now = Date.now();
      if (useSp) S.run();
      const id = ins.get('demo', 'ref'+k, now.toString(36)+Math.random().toString(36).slice(2), 10000, 'created', '{}', now, now, 'a'.repeat(50), null, 'b'.repeat(200)).id;
      op.get(id, 'create', 'ok', 10000, now);
      if (useSp) R.run();
      if (useSp) S.run();
      sel.get(id); upd.run('pending', '{"ref":"T'+k+'","x":"'+'y'.repeat(300)+'"}', now, id); op.get(id, 'sync', 'ok', null, now);
      if (useSp) R.run();
    }
    C.run();
  }
  console.log(name, (Number(process.hrtime.bigint() - t0) / n / 1000).toFixed(2), 'µs a create');
  db.close();
}
for (let r = 0; r < 2; r++) { run('sp', true); run('nosp', false); }
