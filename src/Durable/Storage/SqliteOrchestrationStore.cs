using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using MusicVideo.Durable.History;

namespace MusicVideo.Durable.Storage;

/// <summary>The embedded store: one SQLite file in WAL mode; writes are group-committed by a single writer thread.</summary>
/// <remarks>
/// Each write operation runs inside its own savepoint, many operations share one transaction, and callers are
/// released only after COMMIT returns, so an acknowledged write is as durable as <see cref="SqliteDurability"/> says.
/// </remarks>
public sealed class SqliteOrchestrationStore : OrchestrationStore
{
    const string InstanceColumns =
        "instance_id, name, execution_id, status, input, output, custom_status, failure, created_at, last_updated_at, completed_at, parent_instance_id, parent_name, parent_task_id, history_count, parent_execution_id";

    readonly SqliteStoreOptions _options;
    readonly string _connectionString;
    readonly string _writerId = Guid.NewGuid().ToString("N");
    readonly Channel<WriteOperation> _writes = Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    readonly Dictionary<string, SqliteCommand> _commands = [];
    SqliteConnection? _writer;
    SqliteTransaction? _transaction;
    Thread? _writerThread;

    /// <summary>Initializes a new instance of the <see cref="SqliteOrchestrationStore"/> class.</summary>
    public SqliteOrchestrationStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.DatabasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <inheritdoc />
    public override Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_writer is not null)
        {
            return Task.CompletedTask;
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(_options.DatabasePath));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _writer = this.Open();
        Exec(_writer, """
            CREATE TABLE IF NOT EXISTS instances(
              instance_id TEXT PRIMARY KEY, name TEXT NOT NULL, execution_id TEXT NOT NULL, status INTEGER NOT NULL,
              input TEXT, output TEXT, custom_status TEXT, failure TEXT,
              created_at INTEGER NOT NULL, last_updated_at INTEGER NOT NULL, completed_at INTEGER,
              parent_instance_id TEXT, parent_name TEXT, parent_task_id INTEGER, history_count INTEGER NOT NULL DEFAULT 0,
              parent_execution_id TEXT
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_instances_created ON instances(created_at, instance_id);
            CREATE TABLE IF NOT EXISTS history(
              instance_id TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY(instance_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS messages(
              id INTEGER PRIMARY KEY AUTOINCREMENT, instance_id TEXT NOT NULL, execution_id TEXT,
              visible_at INTEGER NOT NULL, event TEXT NOT NULL, writer TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_messages_instance ON messages(instance_id);
            CREATE TABLE IF NOT EXISTS work_items(
              id INTEGER PRIMARY KEY AUTOINCREMENT, instance_id TEXT NOT NULL, execution_id TEXT NOT NULL,
              task_id INTEGER NOT NULL, name TEXT NOT NULL, input TEXT
            );
            CREATE INDEX IF NOT EXISTS ix_work_items_instance ON work_items(instance_id);
            """);
        AddMissingColumn(_writer, "instances", "parent_execution_id", "TEXT");
        _writerThread = new Thread(this.WriterLoop) { IsBackground = true, Name = "sqlite-store-writer" };
        _writerThread.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<OrchestrationMessage> CreateInstanceAsync(
        OrchestrationInstanceRecord instance, OrchestrationMessage start, CancellationToken cancellationToken = default)
        => this.WriteAsync(() =>
        {
            var existing = this.ReadStatus(instance.InstanceId);
            if (existing is { } status && !status.IsTerminal())
            {
                throw new OrchestrationAlreadyExistsException(instance.InstanceId, status);
            }

            this.DeleteInstanceState(instance.InstanceId);
            this.UpsertInstance(instance);
            return this.InsertMessage(start);
        });

    /// <inheritdoc />
    public override Task<OrchestrationMessage> SendMessageAsync(OrchestrationMessage message, CancellationToken cancellationToken = default)
        => this.WriteAsync(() => this.InsertMessage(message));

    /// <inheritdoc />
    public override Task<CommitResult> CommitEpisodeAsync(EpisodeCommit commit, CancellationToken cancellationToken = default)
        => this.WriteAsync(() =>
        {
            foreach (long id in commit.ConsumedMessageIds)
            {
                this.Command("DELETE FROM messages WHERE id = $id", ("$id", id)).ExecuteNonQuery();
            }

            int firstSeq = 0;
            if (commit.ReplaceHistory)
            {
                this.Command("DELETE FROM history WHERE instance_id = $i", ("$i", commit.InstanceId)).ExecuteNonQuery();
            }
            else if (commit.History.Count > 0)
            {
                int total = commit.Instance?.HistoryCount
                    ?? throw new InvalidOperationException("An episode that appends history must update the instance row.");
                firstSeq = total - commit.History.Count;
            }

            for (int i = 0; i < commit.History.Count; i++)
            {
                this.Command(
                    "INSERT INTO history(instance_id, seq, event) VALUES ($i, $s, $e)",
                    ("$i", commit.InstanceId), ("$s", firstSeq + i), ("$e", StoreJson.Write(commit.History[i]))).ExecuteNonQuery();
            }

            if (commit.Instance is not null)
            {
                this.UpsertInstance(commit.Instance);
            }

            var messages = new List<OrchestrationMessage>(commit.Messages.Count + commit.NewChildren.Count);
            for (int i = 0; i < commit.NewChildren.Count; i++)
            {
                var child = commit.NewChildRows[i];
                var status = this.ReadStatus(child.InstanceId);
                if (status is { } s && !s.IsTerminal())
                {
                    messages.Add(this.InsertMessage(ChildRejected(child, s)));
                    continue;
                }

                this.DeleteInstanceState(child.InstanceId);
                this.UpsertInstance(child);
                messages.Add(this.InsertMessage(commit.NewChildren[i]));
            }

            foreach (var message in commit.Messages)
            {
                messages.Add(this.InsertMessage(message));
            }

            var workItems = new List<ActivityWorkItem>(commit.WorkItems.Count);
            foreach (var item in commit.WorkItems)
            {
                this.Command(
                    "INSERT INTO work_items(instance_id, execution_id, task_id, name, input) VALUES ($i, $x, $t, $n, $in)",
                    ("$i", item.InstanceId), ("$x", item.ExecutionId), ("$t", item.TaskId), ("$n", item.Name), ("$in", item.Input)).ExecuteNonQuery();
                workItems.Add(item with { Id = this.LastRowId() });
            }

            foreach (var (childId, taskId) in commit.ParentTaskUpdates)
            {
                this.Command(
                    "UPDATE instances SET parent_task_id = $t, parent_execution_id = $x WHERE instance_id = $i",
                    ("$t", taskId), ("$x", commit.Instance?.ExecutionId), ("$i", childId)).ExecuteNonQuery();
            }

            return new CommitResult(messages, workItems);
        });

    /// <inheritdoc />
    public override Task<OrchestrationMessage?> CompleteWorkItemAsync(
        long workItemId, OrchestrationMessage result, CancellationToken cancellationToken = default)
        => this.WriteAsync<OrchestrationMessage?>(() =>
        {
            int deleted = this.Command("DELETE FROM work_items WHERE id = $id", ("$id", workItemId)).ExecuteNonQuery();
            return deleted == 0 ? null : this.InsertMessage(result);
        });

    /// <inheritdoc />
    public override async Task<IReadOnlyList<string>> GetChildInstanceIdsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = this.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT instance_id FROM instances WHERE parent_instance_id = $i";
        command.Parameters.AddWithValue("$i", instanceId);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <inheritdoc />
    public override async Task<OrchestrationInstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = this.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {InstanceColumns} FROM instances WHERE instance_id = $i";
        command.Parameters.AddWithValue("$i", instanceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadInstance(reader) : null;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = this.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event FROM history WHERE instance_id = $i ORDER BY seq";
        command.Parameters.AddWithValue("$i", instanceId);
        using var reader = command.ExecuteReader();
        var events = new List<HistoryEvent>();
        while (reader.Read())
        {
            events.Add(StoreJson.ReadEvent(reader.GetString(0)));
        }

        return events;
    }

    /// <inheritdoc />
    public override async Task<InstanceQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "The page size must be between 1 and 1000.");
        }

        await using var connection = this.Open();
        using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {InstanceColumns} FROM instances WHERE 1 = 1");
        AddFilters(command, sql, query.CreatedFrom, query.CreatedTo, query.Statuses);
        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            sql.Append(" AND substr(instance_id, 1, length($prefix)) = $prefix");
            command.Parameters.AddWithValue("$prefix", query.InstanceIdPrefix);
        }

        if (!string.IsNullOrEmpty(query.ContinuationToken))
        {
            var (ticks, lastId) = ParseToken(query.ContinuationToken);
            sql.Append(" AND (created_at < $ct OR (created_at = $ct AND instance_id < $cid))");
            command.Parameters.AddWithValue("$ct", ticks);
            command.Parameters.AddWithValue("$cid", lastId);
        }

        // Newest first, as Microsoft's clients and operators expect.
        sql.Append(" ORDER BY created_at DESC, instance_id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        command.CommandText = sql.ToString();
        var rows = new List<OrchestrationInstanceRecord>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(ReadInstance(reader));
            }
        }

        string? token = null;
        if (rows.Count > query.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            token = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                string.Create(CultureInfo.InvariantCulture, $"{last.CreatedAt.Ticks}:{last.InstanceId}")));
        }

        return new InstanceQueryResult(rows, token);
    }

    /// <inheritdoc />
    public override Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
        => this.WriteAsync(() =>
        {
            var status = this.ReadStatus(instanceId);
            if (status is not { } s || !s.IsTerminal())
            {
                return 0;
            }

            this.DeleteInstanceState(instanceId);
            return this.Command("DELETE FROM instances WHERE instance_id = $i", ("$i", instanceId)).ExecuteNonQuery();
        });

    /// <inheritdoc />
    public override async Task<PurgeResult> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = filter.Statuses?.ToList() is { Count: > 0 } requested
            ? requested.Where(s => s.IsTerminal()).ToArray()
            : [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];
        if (statuses.Length == 0)
        {
            return new PurgeResult(0);
        }

        var deadline = filter.Timeout is { } timeout ? DateTime.UtcNow + timeout : DateTime.MaxValue;
        var createdTo = filter.CreatedTo ?? DateTimeOffset.UtcNow;
        int total = 0;
        while (true)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return new PurgeResult(total, isComplete: false);
            }

            int purged = await this.WriteAsync(() =>
            {
                var command = _writer!.CreateCommand();
                command.Transaction = _transaction;
                var sql = new StringBuilder("SELECT instance_id FROM instances WHERE 1 = 1");
                AddFilters(command, sql, filter.CreatedFrom, createdTo, statuses);
                sql.Append(" LIMIT 500");
                command.CommandText = sql.ToString();
                var ids = new List<string>();
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        ids.Add(reader.GetString(0));
                    }
                }

                command.Dispose();
                foreach (string id in ids)
                {
                    this.DeleteInstanceState(id);
                    this.Command("DELETE FROM instances WHERE instance_id = $i", ("$i", id)).ExecuteNonQuery();
                }

                return ids.Count;
            }).ConfigureAwait(false);
            total += purged;
            if (purged < 500)
            {
                return new PurgeResult(total, isComplete: true);
            }
        }
    }

    /// <inheritdoc />
    public override async Task<PendingWork> LoadPendingWorkAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = this.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var messages = this.ReadMessages(connection, "SELECT id, instance_id, execution_id, visible_at, event FROM messages ORDER BY id");
        var items = new List<ActivityWorkItem>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, instance_id, execution_id, task_id, name, input FROM work_items ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                items.Add(new ActivityWorkItem(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        long last;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0)";
            last = (long)command.ExecuteScalar()!;
        }

        return new PendingWork(messages, items, last);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<OrchestrationMessage>> ReadForeignMessagesAsync(long afterId, CancellationToken cancellationToken = default)
    {
        await using var connection = this.Open();
        return this.ReadMessages(
            connection,
            "SELECT id, instance_id, execution_id, visible_at, event FROM messages WHERE id > $after AND writer <> $w ORDER BY id",
            ("$after", afterId),
            ("$w", _writerId));
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        if (_writerThread is not null)
        {
            await Task.Run(() => _writerThread.Join()).ConfigureAwait(false);
        }

        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    static OrchestrationMessage ChildRejected(OrchestrationInstanceRecord child, OrchestrationRuntimeStatus status) => new(
        0,
        child.ParentInstanceId!,
        child.ParentExecutionId,
        DateTime.UtcNow,
        new HistoryEvent
        {
            EventType = HistoryEventType.SubOrchestrationInstanceFailed,
            Timestamp = DateTime.UtcNow,
            TaskScheduledId = child.ParentTaskId,
            FailureDetails = new TaskFailureDetails(
                typeof(OrchestrationAlreadyExistsException).FullName!,
                $"A sub-orchestration with instance id '{child.InstanceId}' already exists and is {status}.", null, null, null),
        });

    static void AddFilters(
        SqliteCommand command, StringBuilder sql, DateTimeOffset? from, DateTimeOffset? to, IEnumerable<OrchestrationRuntimeStatus>? statuses)
    {
        if (from is { } f)
        {
            sql.Append(" AND created_at >= $from");
            command.Parameters.AddWithValue("$from", f.UtcDateTime.Ticks);
        }

        if (to is { } t)
        {
            sql.Append(" AND created_at <= $to");
            command.Parameters.AddWithValue("$to", t.UtcDateTime.Ticks);
        }

        if (statuses?.ToList() is { Count: > 0 })
        {
            sql.Append(" AND status IN (").Append(string.Join(",", statuses.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)))).Append(')');
        }
    }

    static (long Ticks, string InstanceId) ParseToken(string token)
    {
        try
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            return (long.Parse(text.AsSpan(0, colon), CultureInfo.InvariantCulture), text[(colon + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException("The continuation token is not valid; pass the token returned with the previous page.", nameof(token), ex);
        }
    }

    static OrchestrationInstanceRecord ReadInstance(SqliteDataReader r) => new()
    {
        InstanceId = r.GetString(0),
        Name = r.GetString(1),
        ExecutionId = r.GetString(2),
        Status = (OrchestrationRuntimeStatus)r.GetInt32(3),
        Input = r.IsDBNull(4) ? null : r.GetString(4),
        Output = r.IsDBNull(5) ? null : r.GetString(5),
        CustomStatus = r.IsDBNull(6) ? null : r.GetString(6),
        FailureDetails = StoreJson.ReadFailure(r.IsDBNull(7) ? null : r.GetString(7)),
        CreatedAt = new DateTime(r.GetInt64(8), DateTimeKind.Utc),
        LastUpdatedAt = new DateTime(r.GetInt64(9), DateTimeKind.Utc),
        CompletedAt = r.IsDBNull(10) ? null : new DateTime(r.GetInt64(10), DateTimeKind.Utc),
        ParentInstanceId = r.IsDBNull(11) ? null : r.GetString(11),
        ParentName = r.IsDBNull(12) ? null : r.GetString(12),
        ParentTaskId = r.IsDBNull(13) ? null : r.GetInt32(13),
        HistoryCount = r.GetInt32(14),
        ParentExecutionId = r.IsDBNull(15) ? null : r.GetString(15),
    };

    /// <summary>Upgrades a database file created by an earlier version in place.</summary>
    static void AddMissingColumn(SqliteConnection connection, string table, string column, string type)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            Exec(connection, $"ALTER TABLE {table} ADD COLUMN {column} {type}");
        }
    }

    static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        string sync = _options.Durability == SqliteDurability.Full ? "FULL" : "NORMAL";
        Exec(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; PRAGMA busy_timeout=30000;");
        return connection;
    }

    List<OrchestrationMessage> ReadMessages(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var list = new List<OrchestrationMessage>();
        while (reader.Read())
        {
            list.Add(new OrchestrationMessage(
                reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                new DateTime(reader.GetInt64(3), DateTimeKind.Utc), StoreJson.ReadEvent(reader.GetString(4))));
        }

        return list;
    }

    OrchestrationRuntimeStatus? ReadStatus(string instanceId)
    {
        object? value = this.Command("SELECT status FROM instances WHERE instance_id = $i", ("$i", instanceId)).ExecuteScalar();
        return value is null ? null : (OrchestrationRuntimeStatus)(int)(long)value;
    }

    void DeleteInstanceState(string instanceId)
    {
        this.Command("DELETE FROM history WHERE instance_id = $i", ("$i", instanceId)).ExecuteNonQuery();
        this.Command("DELETE FROM messages WHERE instance_id = $i", ("$i", instanceId)).ExecuteNonQuery();
        this.Command("DELETE FROM work_items WHERE instance_id = $i", ("$i", instanceId)).ExecuteNonQuery();
    }

    void UpsertInstance(OrchestrationInstanceRecord r) => this.Command(
        $"INSERT OR REPLACE INTO instances({InstanceColumns}) VALUES ($id, $name, $x, $st, $in, $out, $cs, $f, $c, $u, $done, $pi, $pn, $pt, $hc, $px)",
        ("$id", r.InstanceId), ("$name", r.Name), ("$x", r.ExecutionId), ("$st", (int)r.Status), ("$in", r.Input), ("$out", r.Output),
        ("$cs", r.CustomStatus), ("$f", StoreJson.Write(r.FailureDetails)), ("$c", r.CreatedAt.Ticks), ("$u", r.LastUpdatedAt.Ticks),
        ("$done", r.CompletedAt?.Ticks), ("$pi", r.ParentInstanceId), ("$pn", r.ParentName), ("$pt", r.ParentTaskId), ("$hc", r.HistoryCount), ("$px", r.ParentExecutionId))
        .ExecuteNonQuery();

    OrchestrationMessage InsertMessage(OrchestrationMessage m)
    {
        this.Command(
            "INSERT INTO messages(instance_id, execution_id, visible_at, event, writer) VALUES ($i, $x, $v, $e, $w)",
            ("$i", m.InstanceId), ("$x", m.ExecutionId), ("$v", m.VisibleAt.Ticks), ("$e", StoreJson.Write(m.Event)), ("$w", _writerId))
            .ExecuteNonQuery();
        return m with { Id = this.LastRowId() };
    }

    long LastRowId() => (long)this.Command("SELECT last_insert_rowid()").ExecuteScalar()!;

    /// <summary>Returns a cached, prepared command on the writer connection with the given parameter values bound.</summary>
    SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _writer!.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            _commands[sql] = command;
        }

        command.Transaction = _transaction;
        for (int i = 0; i < parameters.Length; i++)
        {
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        }

        return command;
    }

    Task<T> WriteAsync<T>(Func<T> operation)
    {
        if (_writer is null)
        {
            throw new InvalidOperationException("The store is not initialized; call InitializeAsync first.");
        }

        var op = new WriteOperation<T>(operation);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(op), this);

        return op.Completion.Task;
    }

    void WriterLoop()
    {
        var batch = new List<WriteOperation>(_options.MaxBatchSize);
        var reader = _writes.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var op))
            {
                batch.Add(op);
            }

            try
            {
                using var transaction = _writer!.BeginTransaction(deferred: false);
                _transaction = transaction;

                for (int i = 0; i < batch.Count; i++)
                {
                    string savepoint = "op" + i.ToString(CultureInfo.InvariantCulture);
                    transaction.Save(savepoint);
                    if (batch[i].TryExecute())
                    {
                        transaction.Release(savepoint);
                    }
                    else
                    {
                        transaction.Rollback(savepoint);
                        transaction.Release(savepoint);
                    }
                }

                transaction.Commit();
                foreach (var op in batch)
                {
                    op.Publish();
                }
            }
            catch (Exception ex)
            {
                foreach (var op in batch)
                {
                    op.Fail(ex);
                }
            }
            finally
            {
                _transaction = null;
            }

            batch.Clear();
        }
    }

    abstract class WriteOperation
    {
        public abstract bool TryExecute();

        public abstract void Publish();

        public abstract void Fail(Exception error);
    }

    sealed class WriteOperation<T>(Func<T> operation) : WriteOperation
    {
        T? _result;
        Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool TryExecute()
        {
            try
            {
                _result = operation();
                return true;
            }
            catch (Exception ex)
            {
                _error = ex;
                return false;
            }
        }

        public override void Publish()
        {
            if (_error is not null)
            {
                this.Completion.TrySetException(_error);
            }
            else
            {
                this.Completion.TrySetResult(_result!);
            }
        }

        public override void Fail(Exception error) => this.Completion.TrySetException(error);
    }
}
