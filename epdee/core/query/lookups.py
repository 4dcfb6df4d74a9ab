"""Case-sensitive has/stw/enw on SQLite too, where Django's LIKE ignores the case of ASCII letters."""

from django.db.models import lookups


class Contains(lookups.Contains):
    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"INSTR({lhs}, %s) > 0", (*lhs_params, self.rhs)


class StartsWith(lookups.StartsWith):
    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"SUBSTR({lhs}, 1, LENGTH(%s)) = %s", (*lhs_params, self.rhs, self.rhs)


class EndsWith(lookups.EndsWith):
    def as_sqlite(self, compiler, connection):
        # The last LENGTH(rhs) characters; a start before the first character can only yield a shorter
        # string (never equal), and an empty rhs starts just past the end (always equal).
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql = f"SUBSTR({lhs}, LENGTH({lhs}) - LENGTH(%s) + 1) = %s"
        return sql, (*lhs_params, *lhs_params, self.rhs, self.rhs)
