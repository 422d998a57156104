"""moto's server, with one change to how its DynamoDB rolls back a cancelled TransactWriteItems.

moto 5.2 backs up every table a transaction names with copy.deepcopy before writing, so that it can put the
whole table back if an item fails: 0.6 s per transaction at 1,000 items, 4 s at 10,000, 25 s at 40,000. Cairn
writes batches in transactions, so a 10,000-contact run would spend hours copying tables. Only the items a
transaction names can change, so here they alone are saved before it runs and put back if it fails; a cancelled
transaction still leaves every item as it was (TransactionRollbackTest checks it through the SDK). Everything
else is moto's own code. Same arguments as moto_server.
"""
import copy
import sys
import threading

import moto.dynamodb.models as dynamodb_models
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


dynamodb_models.copy = _CopyForTransactions
dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_items

if __name__ == "__main__":
    sys.exit(main())
