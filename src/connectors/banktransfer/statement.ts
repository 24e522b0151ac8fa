/**
 * Account statements, told apart by their content: ISO 20022 camt.053 (XML, read with
 * fast-xml-parser) or walletgate's CSV (docs/globalpay.md, "Statement import"):
 *   transaction_id,value_date,amount,currency,reference,payer,account
 * with `amount` in the currency's decimals ("0.93"). Only credits are read: debits and returns are
 * not money arriving for a payment.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ConnectorError, type IncomingTransfer } from '../../core/ports/connector.js';
import { minorUnits } from './amounts.js';
import { transferOf } from './notice.js';

const bad = (why: string) => new ConnectorError('invalid', why);

export const CSV_COLUMNS = ['transaction_id', 'value_date', 'amount', 'currency', 'reference', 'payer', 'account'] as const;

/** One CSV line into fields: commas, double quotes around a field, "" for a quote inside one. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (quoted) throw bad('a quoted field is not closed');
  out.push(cur);
  return out;
}

function parseCsv(content: string): IncomingTransfer[] {
  const lines = content.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = csvFields(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const missingColumns = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missingColumns.length > 0) throw bad(`line 1: the header lacks ${missingColumns.join(', ')} (columns: ${CSV_COLUMNS.join(',')})`);
  return lines.slice(1).map((line, i) => {
    const f = csvFields(line);
    const col = (name: string) => (f[header.indexOf(name)] ?? '').trim();
    const at = `line ${i + 2}`;
    const currency = col('currency');
    const amount = minorUnits(col('amount'), currency);
    if (amount === undefined) throw bad(`${at}: "${col('amount')}" is not a positive amount in ${currency || 'an unknown currency'}`);
    try {
      return transferOf({
        id: col('transaction_id') || undefined,
        valueDate: col('value_date'),
        amount,
        currency,
        reference: col('reference') || null,
        payer: col('payer') || null,
        account: col('account') || null,
      });
    } catch (e) {
      throw bad(`${at}: ${(e as Error).message}`);
    }
  });
}

type Node = Record<string, unknown>;
const asList = (x: unknown): Node[] => (x === undefined ? [] : Array.isArray(x) ? (x as Node[]) : [x as Node]);
const child = (n: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Node)[k] : undefined), n);
const textOf = (x: unknown): string | null => {
  if (typeof x === 'string' || typeof x === 'number') return String(x);
  const t = child(x, '#text');
  return typeof t === 'string' || typeof t === 'number' ? String(t) : null;
};

function parseCamt053(content: string): IncomingTransfer[] {
  const valid = XMLValidator.validate(content);
  if (valid !== true) throw bad(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, parseTagValue: false }).parse(content) as Node;
  const statements = asList(child(doc, 'Document', 'BkToCstmrStmt', 'Stmt'));
  if (statements.length === 0) throw bad('not a camt.053 statement: no Document/BkToCstmrStmt/Stmt');
  return statements.flatMap((stmt) => {
    const account = textOf(child(stmt, 'Acct', 'Id', 'IBAN'));
    return asList(child(stmt, 'Ntry')).flatMap((entry, i) => {
      if (textOf(child(entry, 'CdtDbtInd')) !== 'CRDT' || textOf(child(entry, 'RvslInd')) === 'true') return [];
      const details = asList(child(entry, 'NtryDtls', 'TxDtls'));
      const txs = details.length > 0 ? details : [entry];
      return txs.map((tx, j) => {
        const amt = child(tx, 'Amt') ?? child(entry, 'Amt');
        const currency = textOf(child(amt, '@_Ccy')) ?? '';
        const amount = minorUnits(textOf(amt) ?? '', currency);
        const at = `entry ${i + 1}${txs.length > 1 ? ` transaction ${j + 1}` : ''}`;
        if (amount === undefined)
          throw bad(`${at}: "${textOf(amt) ?? ''}" is not a positive amount in ${currency || 'an unknown currency'}`);
        const id =
          textOf(child(tx, 'Refs', 'AcctSvcrRef')) ?? textOf(child(entry, 'AcctSvcrRef')) ?? textOf(child(tx, 'Refs', 'EndToEndId'));
        const reference =
          textOf(child(tx, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref')) ??
          asList(child(tx, 'RmtInf', 'Ustrd'))
            .map(textOf)
            .find((x) => x) ??
          null;
        try {
          return transferOf({
            id: id ?? undefined,
            valueDate: textOf(child(entry, 'ValDt', 'Dt')) ?? (textOf(child(entry, 'ValDt', 'DtTm')) ?? '').slice(0, 10),
            amount,
            currency,
            reference,
            payer: textOf(child(tx, 'RltdPties', 'Dbtr', 'Nm')) ?? textOf(child(tx, 'RltdPties', 'Dbtr', 'Pty', 'Nm')),
            account,
          });
        } catch (e) {
          throw bad(`${at}: ${(e as Error).message}`);
        }
      });
    });
  });
}

export function parseStatement(content: string): IncomingTransfer[] {
  return content.trimStart().startsWith('<') ? parseCamt053(content) : parseCsv(content);
}
