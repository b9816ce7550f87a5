"""The audit log: a hash chain that breaks on any silent edit, and an append-only model."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from coalition.core import audit
from coalition.core.choices import AuditAction, OrganizationKind
from coalition.core.models import AuditEntry, Organization, User

TABLE = connection.ops.quote_name(AuditEntry._meta.db_table)


def q(name):
    return connection.ops.quote_name(name)


def sql(statement, params=()):
    """Tamper with the table behind the model's back, as someone with database access."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def json_param():
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"


def verify_fails_at(seq):
    """``verify_audit`` refuses the log and names entry ``#seq`` as the first bad one."""
    with pytest.raises(CommandError, match=rf"entry #{seq}\b"):
        call_command("verify_audit", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def chain(db):
    """Five entries, as views and commands write them."""
    return [
        audit.record(
            None,
            AuditAction.CREATE,
            actor_repr="system:test",
            object_type="core.organization",
            object_id=str(n),
            object_repr=f"Organización {n}",
            after={"name": f"Organización {n}", "axes": ["prevention"], "n": n},
        )
        for n in range(1, 6)
    ]


# --- the chain ---------------------------------------------------------------------------


def test_each_entry_carries_the_hash_of_the_one_before_it(chain):
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == audit.GENESIS
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.hash
    assert len({e.hash for e in entries}) == 5


def test_an_untouched_log_verifies(chain, capsys):
    assert audit.verify() is None
    call_command("verify_audit")
    assert "5 entries verified" in capsys.readouterr().out


def test_an_empty_log_verifies(db):
    assert audit.verify() is None


def test_entries_keep_what_was_recorded(chain):
    entry = AuditEntry.objects.get(seq=2)
    assert entry.action == AuditAction.CREATE
    assert entry.actor_repr == "system:test"
    assert entry.object_repr == "Organización 2"
    assert entry.after == {"name": "Organización 2", "axes": ["prevention"], "n": 2}
    assert entry.before is None


def test_a_snapshot_leaves_passwords_out(db):
    user = User.objects.create_user("someone", password="a-long-secret-password-1")
    data = audit.snapshot(user)
    assert data["username"] == "someone"
    assert "password" not in data


def test_editing_an_entrys_object_changes_the_verdict(chain):
    sql(f"UPDATE {TABLE} SET {q('object_repr')} = %s WHERE {q('seq')} = 3", ["Otra cosa"])
    verify_fails_at(3)


def test_editing_an_entrys_after_json_changes_the_verdict(chain):
    sql(
        f"UPDATE {TABLE} SET {q('after')} = {json_param()} WHERE {q('seq')} = 3",
        ['{"name": "Organización 3", "axes": ["justice"], "n": 3}'],
    )
    verify_fails_at(3)
    broken = audit.verify()
    assert "content was changed" in broken.reason


def test_deleting_an_entry_in_the_middle_changes_the_verdict(chain):
    sql(f"DELETE FROM {TABLE} WHERE {q('seq')} = 3")
    verify_fails_at(4)


def test_deleting_the_first_entry_changes_the_verdict(chain):
    sql(f"DELETE FROM {TABLE} WHERE {q('seq')} = 1")
    verify_fails_at(2)


def test_swapping_two_entries_changes_the_verdict(chain):
    """Reorder: entries #2 and #3 trade everything but their place in the sequence."""
    columns = [
        f.column for f in AuditEntry._meta.concrete_fields if f.name not in ("id", "seq", "hash")
    ] + ["hash"]
    rows = {}
    with connection.cursor() as cursor:
        for seq in (2, 3):
            cursor.execute(
                f"SELECT {', '.join(q(c) for c in columns)} FROM {TABLE} WHERE {q('seq')} = %s",
                [seq],
            )
            rows[seq] = cursor.fetchone()
    # Hashes are unique: park #2's out of the way first.
    sql(f"UPDATE {TABLE} SET {q('hash')} = %s WHERE {q('seq')} = 2", ["parked"])
    for target, source in ((3, 2), (2, 3)):
        values = list(rows[source])
        assignments = ", ".join(
            f"{q(c)} = {json_param() if c in ('before', 'after') else '%s'}" for c in columns
        )
        for i, column in enumerate(columns):
            if column in ("before", "after") and values[i] is not None:
                values[i] = values[i] if isinstance(values[i], str) else audit.dumps(values[i])
        sql(f"UPDATE {TABLE} SET {assignments} WHERE {q('seq')} = %s", [*values, target])
    assert AuditEntry.objects.get(seq=2).object_repr == "Organización 3"
    verify_fails_at(2)


def _make_room_at(seq):
    """Shift entries #seq.. one place up (in two steps: seq is unique)."""
    sql(f"UPDATE {TABLE} SET {q('seq')} = -{q('seq')} WHERE {q('seq')} >= %s", [seq])
    sql(f"UPDATE {TABLE} SET {q('seq')} = 1 - {q('seq')} WHERE {q('seq')} < 0")


def _insert_raw(entry):
    columns = [f.column for f in AuditEntry._meta.concrete_fields if f.name != "id"]
    values = []
    for f in AuditEntry._meta.concrete_fields:
        if f.name == "id":
            continue
        values.append(f.get_db_prep_save(getattr(entry, f.attname), connection))
    sql(
        f"INSERT INTO {TABLE} ({', '.join(q(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})",
        values,
    )


def test_a_forged_entry_inserted_in_the_middle_changes_the_verdict(chain):
    """The forger even chains their entry properly onto #2; the next entry gives it away."""
    _make_room_at(3)
    second = AuditEntry.objects.get(seq=2)
    forged = AuditEntry(
        seq=3,
        time=second.time,
        actor_repr="regional_admin",
        action=AuditAction.DELETE,
        object_type="core.organization",
        object_id="99",
        object_repr="Forged",
        prev_hash=second.hash,
    )
    forged.hash = audit.compute_hash(forged, second.hash)
    _insert_raw(forged)
    assert AuditEntry.objects.count() == 6
    verify_fails_at(4)


def test_a_carelessly_forged_entry_is_named_itself(chain):
    _make_room_at(3)
    second = AuditEntry.objects.get(seq=2)
    forged = AuditEntry(
        seq=3,
        time=second.time,
        actor_repr="regional_admin",
        action=AuditAction.DELETE,
        object_repr="Forged",
        prev_hash=second.hash,
        hash="f" * 64,
    )
    _insert_raw(forged)
    verify_fails_at(3)


def test_the_command_line_exits_non_zero_naming_the_bad_entry(tmp_path):
    """``coalition verify_audit`` against a real SQLite file, as an operator runs it."""
    script = Path(sys.executable).parent / "coalition"
    if not script.exists():
        pytest.skip("the coalition console script is not installed")
    database = tmp_path / "coalition.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "COALITION_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "coalition.settings",
    }

    def run(*args):
        return subprocess.run(
            [str(script), *args], env=env, capture_output=True, text=True, timeout=300
        )

    assert run("migrate", "--no-input").returncode == 0
    assert run("load_countries").returncode == 0
    intact = run("verify_audit")
    assert intact.returncode == 0, intact.stderr
    assert "entries verified" in intact.stdout

    with sqlite3.connect(database) as db:
        db.execute("UPDATE core_auditentry SET object_repr = 'Atlantis' WHERE seq = 4")
    broken = run("verify_audit")
    assert broken.returncode != 0
    assert "#4" in broken.stderr
    assert "Traceback" not in broken.stderr


# --- append-only -------------------------------------------------------------------------


def test_an_entry_cannot_be_saved_again(chain):
    entry = AuditEntry.objects.get(seq=3)
    entry.object_repr = "Otra cosa"
    with pytest.raises(PermissionError):
        entry.save()
    assert AuditEntry.objects.get(seq=3).object_repr == "Organización 3"


def test_an_entry_cannot_be_deleted(chain):
    with pytest.raises(PermissionError):
        AuditEntry.objects.get(seq=3).delete()
    assert AuditEntry.objects.count() == 5


def test_the_log_cannot_be_bulk_updated(chain):
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(seq=3).update(object_repr="Otra cosa")
    assert AuditEntry.objects.get(seq=3).object_repr == "Organización 3"


def test_the_log_cannot_be_bulk_deleted(chain):
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 5
    assert audit.verify() is None


def test_deleting_a_user_leaves_their_entries_and_the_chain_intact(db):
    user = User.objects.create_user("leaver", password="a-long-secret-password-1")
    audit.record(None, AuditAction.UPDATE, user, actor=user)
    audit.record(None, AuditAction.LOGOUT, user, actor=user)
    user.delete()
    assert AuditEntry.objects.filter(actor_repr="leaver").count() == 2
    assert audit.verify() is None


def test_deleting_a_country_leaves_the_chain_intact(countries):
    mexico = countries["MX"]
    assert AuditEntry.objects.filter(country_id=mexico.pk).exists()
    mexico.delete()
    assert audit.verify() is None


# --- same transaction as the change ------------------------------------------------------


def test_an_entry_is_rolled_back_with_the_change_it_records(countries):
    with pytest.raises(RuntimeError), transaction.atomic():
        org = Organization.objects.create(
            name="Efímera", kind=OrganizationKind.NGO, country=countries["CR"]
        )
        audit.record(None, AuditAction.CREATE, org, actor_repr="system:test")
        raise RuntimeError("the change fails after its audit entry was written")
    assert not Organization.objects.filter(name="Efímera").exists()
    assert not AuditEntry.objects.filter(object_repr="Efímera").exists()
    assert audit.verify() is None


def test_an_entry_records_the_objects_type_id_and_country(countries):
    org = Organization.objects.create(
        name="Fiscalía", acronym="FA", kind=OrganizationKind.PROSECUTOR, country=countries["PA"]
    )
    entry = audit.record(None, AuditAction.CREATE, org, actor_repr="system:test")
    assert (entry.object_type, entry.object_id, entry.object_repr) == (
        "core.organization",
        str(org.pk),
        "Fiscalía (FA)",
    )
    assert entry.country_id == countries["PA"].pk
    assert entry.actor_id is None


def test_entries_after_a_rollback_continue_the_chain(countries):
    audit.record(None, AuditAction.VIEW, actor_repr="system:test")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(None, AuditAction.VIEW, actor_repr="system:test")
        raise RuntimeError
    audit.record(None, AuditAction.VIEW, actor_repr="system:test")
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert audit.verify() is None
