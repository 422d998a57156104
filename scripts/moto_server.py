"""moto's server, with three changes that keep its time per request from growing with a table's or a queue's size,
and one that makes its PartiQL BatchExecuteStatement work for the statements Cairn sends.

1. moto 5.2 backs up every table a transaction names with copy.deepcopy before writing, so that it can put the
   whole table back if an item fails: 0.6 s per transaction at 1,000 items, 4 s at 10,000, 25 s at 40,000. Only
   the items a transaction names can change, so here they alone are saved before it runs and put back if it
   fails; a cancelled transaction still leaves every item as it was (TransactionRollbackTest checks it).
2. moto answers a Query on the table's key by going through every item of the table for those of the partition.
   Here it goes through the partition's items only; the answer is the same (every test that queries reads it).
3. moto's SQS checks every message of a queue for visibility on each send and receive, and reads the clock for
   each through datetime conversions (about 1 s per SendMessageBatch with 10,000 messages queued). Here its
   clock is read with time.time(): the same seconds since the epoch, a tenth of the cost.
Cairn writes batches in transactions, queries partitions per contact and fans a review out to every contact's
render request at once, so without these a 10,000-contact run spends hours in the emulator.
4. moto 5.2.5's BatchExecuteStatement copies every item of every table for each statement, and its PartiQL parser
   fails on a `?` parameter inside an INSERT's tuple. Here a batch whose statements all have the two shapes
   DeliveryStore and EntityStore.recordReviews send is run item by item with AWS's semantics:
   `INSERT INTO "t" VALUE {'a': ?, ...}` fails with DuplicateItem when the key exists;
   `UPDATE "t" SET "a" = ? [SET ...] [REMOVE "b" ...] WHERE "k" = ? AND ... [AND "c" = ?] [AND "d" IS [NOT] MISSING]`
   fails with ConditionalCheckFailed (with the stored item if ReturnValuesOnConditionCheckFailure is ALL_OLD) when
   the item does not exist or a condition on a non-key attribute is false. Parameters may be of any type (a list, a
   map). Each statement succeeds or fails alone. Other batches go to moto's own code.
Everything else is moto's own code. Same arguments as moto_server.
"""
import copy
import re
import sys
import threading

import time

import moto.dynamodb.models as dynamodb_models
import moto.sqs.models as sqs_models
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.server import main

_transaction = threading.local()  # set while this request thread runs a transaction


class _CopyForTransactions:
    """Stands in for the `copy` module inside moto.dynamodb.models: a transaction's table "backup" is the table
    itself (moto's rollback then reassigns it unchanged), because _transact_write_items restores the items."""

    copy = staticmethod(copy.copy)

    @staticmethod
    def deepcopy(value, memo=None):
        if getattr(_transaction, "active", False) and isinstance(value, Table):
            return value
        return copy.deepcopy(value, memo)


def _named_items(backend, transact_items):
    """(table, hash, range) of every existing table's item the transaction names, with a copy of it or None."""
    saved = []
    for entry in transact_items:
        for op_type, op in entry.items():
            table = backend.tables.get(op.get("TableName"))
            if table is None:
                continue
            key = op.get("Item", {}) if op_type == "Put" else op.get("Key", {})
            if table.hash_key_attr not in key or (table.has_range_key and table.range_key_attr not in key):
                continue  # moto itself rejects it
            hash_value = DynamoType(key[table.hash_key_attr])
            if table.has_range_key:
                range_value = DynamoType(key[table.range_key_attr])
                item = table.items[hash_value].get(range_value) if hash_value in table.items else None
            else:
                range_value = None
                item = table.items.get(hash_value)
            saved.append((table, hash_value, range_value, copy.deepcopy(item)))  # an Update changes items in place
    return saved


def _restore(saved):
    for table, hash_value, range_value, item in reversed(saved):
        if range_value is None:
            if item is None:
                table.items.pop(hash_value, None)
            else:
                table.items[hash_value] = item
        elif item is None:
            table.items.get(hash_value, {}).pop(range_value, None)
        else:
            table.items[hash_value][range_value] = item


_moto_transact_write_items = dynamodb_models.DynamoDBBackend.transact_write_items


def _transact_write_items(self, transact_items):
    saved = _named_items(self, transact_items)
    _transaction.active = True
    try:
        return _moto_transact_write_items(self, transact_items)
    except BaseException:
        _restore(saved)
        raise
    finally:
        _transaction.active = False


_partition = threading.local()  # (table, hash key) while this request thread queries one partition of a table
_moto_all_items = Table.all_items
_moto_query = Table.query


def _all_items(self):
    table_and_key = getattr(_partition, "of", None)
    if table_and_key is not None and table_and_key[0] is self:
        items = self.items.get(table_and_key[1])
        if items is None:
            return []
        return list(items.values()) if self.has_range_key else [items]
    return _moto_all_items(self)


def _query(self, hash_key, *args, **kwargs):
    index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
    if index_name is not None or hash_key is None:
        return _moto_query(self, hash_key, *args, **kwargs)
    _partition.of = (self, hash_key)
    try:
        return _moto_query(self, hash_key, *args, **kwargs)
    finally:
        _partition.of = None


_INSERT = re.compile(r'^\s*INSERT\s+INTO\s+"([^"]+)"\s+VALUE\s+\{(.*)\}\s*$', re.I | re.S)
_INSERT_NAME = re.compile(r"^\s*'([^']+)'\s*:\s*\?\s*$")
_UPDATE = re.compile(r'^\s*UPDATE\s+"([^"]+)"\s+((?:SET|REMOVE)\s+.*?)\s+WHERE\s+(.*?)\s*$', re.I | re.S)
_CLAUSE = re.compile(r'\b(SET|REMOVE)\b', re.I)
_SET = re.compile(r'^\s*"([^"]+)"\s*=\s*\?\s*$')
_REMOVE = re.compile(r'^\s*"([^"]+)"\s*$')
_EQUALS = re.compile(r'^\s*"([^"]+)"\s*=\s*\?\s*$')
_MISSING = re.compile(r'^\s*"([^"]+)"\s+IS\s+(NOT\s+)?MISSING\s*$', re.I)
_partiql_lock = threading.Lock()  # no other batch of these statements runs between a check and its write


def _parse_statement(statement):
    """("insert", table, [names]) or ("update", table, [set names], [where names], [removed names],
    [(name, must exist)]) for the shapes Cairn sends, each name standing for the next `?` parameter in order; None
    for anything else."""
    insert = _INSERT.match(statement)
    if insert:
        names = [_INSERT_NAME.match(part) for part in insert.group(2).split(",")]
        return None if not all(names) else ("insert", insert.group(1), [n.group(1) for n in names])
    update = _UPDATE.match(statement)
    if update:
        parts = _CLAUSE.split(update.group(2))[1:]
        sets, removes = [], []
        for keyword, text in zip(parts[0::2], parts[1::2]):
            (sets if keyword.upper() == "SET" else removes).append(
                (_SET if keyword.upper() == "SET" else _REMOVE).match(text))
        wheres, presence = [], []
        for part in re.split(r"\bAND\b", update.group(3), flags=re.I):
            equals, missing = _EQUALS.match(part), _MISSING.match(part)
            if equals:
                wheres.append(equals.group(1))
            elif missing:
                presence.append((missing.group(1), missing.group(2) is not None))
            else:
                return None
        if all(sets) and all(removes):
            return ("update", update.group(1), [m.group(1) for m in sets], wheres, [m.group(1) for m in removes],
                    presence)
    return None


def _statement_error(code, message, item=None):
    error = {"Code": code, "Message": message}
    if item is not None:
        error["Item"] = item
    return {"Error": error}


def _run_statement(backend, parsed, statement):
    parameters = statement.get("Parameters", [])
    names = parsed[2] + (parsed[3] if parsed[0] == "update" else [])
    if len(parameters) != len(names):
        return _statement_error("ValidationError", f"{len(names)} parameters expected, {len(parameters)} given")
    table = backend.tables.get(parsed[1])
    if table is None:
        return _statement_error("ResourceNotFound", "Requested resource not found")
    values = dict(zip(names, parameters))
    key_names = [table.hash_key_attr] + ([table.range_key_attr] if table.has_range_key else [])
    if any(name not in values for name in key_names):
        return _statement_error("ValidationError", "Where clause does not contain a mandatory equality on all key attributes")
    hash_value = DynamoType(values[table.hash_key_attr])
    range_value = DynamoType(values[table.range_key_attr]) if table.has_range_key else None
    current = table.get_item(hash_value, range_value)
    if parsed[0] == "insert":
        if current is not None:
            return _statement_error("DuplicateItem", "Duplicate primary key exists in table")
        table.put_item(values)
        return {"TableName": table.name}
    conditions = {name: parameters[len(parsed[2]) + i] for i, name in enumerate(parsed[3]) if name not in key_names}
    if current is None or any(current.attrs.get(name) != DynamoType(value) for name, value in conditions.items()) \
            or any((name in current.attrs) != must_exist for name, must_exist in parsed[5]):
        old = current.to_json()["Attributes"] if current is not None and \
            statement.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" else None
        return _statement_error("ConditionalCheckFailed", "The conditional request failed", old)
    attrs = current.to_json()["Attributes"]
    attrs.update({name: parameters[i] for i, name in enumerate(parsed[2])})
    for name in parsed[4]:
        attrs.pop(name, None)
    table.put_item(attrs)
    return {"TableName": table.name}


_moto_batch_execute_statement = dynamodb_models.DynamoDBBackend.batch_execute_statement


def _batch_execute_statement(self, statements):
    parsed = [_parse_statement(statement["Statement"]) for statement in statements]
    if not statements or not all(parsed):
        return _moto_batch_execute_statement(self, statements)
    with _partiql_lock:
        return [_run_statement(self, p, statement) for p, statement in zip(parsed, statements)]


_moto_unix_time = sqs_models.unix_time
_moto_unix_time_millis = sqs_models.unix_time_millis


def _unix_time(dt=None):
    return time.time() if dt is None else _moto_unix_time(dt)


def _unix_time_millis(dt=None):
    return time.time() * 1000.0 if dt is None else _moto_unix_time_millis(dt)


dynamodb_models.copy = _CopyForTransactions
dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_items
dynamodb_models.DynamoDBBackend.batch_execute_statement = _batch_execute_statement
Table.all_items = _all_items
Table.query = _query
sqs_models.unix_time = _unix_time
sqs_models.unix_time_millis = _unix_time_millis

if __name__ == "__main__":
    sys.exit(main())
