using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Audience.Import;

/// <summary>
/// Imports contacts from CSV files. <see cref="AnalyzeAsync"/> looks at the start of a file (format, header,
/// preview, proposed mapping); <see cref="ImportAsync"/> streams the whole file and writes it in transactional
/// batches through <see cref="ContactService"/>: a row that fails validation is reported and not written, a
/// cancelled or failed import keeps only whole batches.
/// </summary>
public sealed class CsvImportService(
    ContactService contacts,
    ContactNormalizer normalizer,
    CurrentUser currentUser,
    IDbContextFactory<AppDbContext> dbContexts,
    IOptions<ImportOptions> options,
    ILogger<CsvImportService> logger)
{
    /// <summary>Data rows shown in the preview.</summary>
    public const int PreviewRows = 10;

    private const int SampleBytes = 1024 * 1024;
    private const int ProgressEveryRows = 250;
    private const string RowField = "row";

    public long MaxFileBytes => options.Value.MaxFileBytes;

    public async Task<CsvAnalysis> AnalyzeAsync(Stream stream, string fileName, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        long? size = stream.CanSeek ? stream.Length - stream.Position : null;
        EnsureSize(size);

        var sample = new byte[SampleBytes];
        var length = await stream.ReadAtLeastAsync(sample, sample.Length, throwOnEndOfStream: false, cancellationToken);
        if (length == 0)
        {
            throw ValidationFailedException.For("file", "The file is empty.");
        }

        var whole = length < sample.Length;
        var format = CsvSniffer.Detect(sample.AsSpan(0, length), whole);
        if (format.Encoding is not (CsvTextEncoding.Utf16LittleEndian or CsvTextEncoding.Utf16BigEndian) && sample.AsSpan(0, length).Contains((byte)0))
        {
            throw ValidationFailedException.For("file", $"{fileName} is not a text file. If it is a spreadsheet, save it as \"CSV UTF-8\" first and upload that.");
        }

        List<string> headers;
        var rows = new List<IReadOnlyList<string>>();
        var endOfSample = false;
        try
        {
            using var reader = new StreamReader(new MemoryStream(sample, 0, length), format.TextEncoding, detectEncodingFromByteOrderMarks: true);
            using var parser = new CsvParser(reader, Configuration(format, null));
            if (!await parser.ReadAsync() || IsBlank(parser.Record ?? []))
            {
                throw ValidationFailedException.For("file", "The file is empty: the first row must name the columns.");
            }

            headers = HeadersOf(parser.Record ?? []);
            while (rows.Count <= PreviewRows)
            {
                if (!await parser.ReadAsync())
                {
                    endOfSample = true;
                    break;
                }

                if (parser.Record is { } record && !IsBlank(record))
                {
                    rows.Add([.. headers.Select((_, i) => i < record.Length ? record[i] : "")]);
                }
            }
        }
        catch (CsvHelperException unreadable)
        {
            throw ValidationFailedException.For("file", $"{fileName} could not be read as CSV: {unreadable.Message}");
        }

        if (endOfSample && !whole && rows.Count > 0)
        {
            rows.RemoveAt(rows.Count - 1); // cut off where the sample ends
        }

        var fields = await LoadFieldsAsync(cancellationToken);
        var proposal = new ImportMapping(fileName, format, headers, ImportTargets.Propose(headers, rows, fields));
        return new CsvAnalysis(fileName, size, format, headers, [.. rows.Take(PreviewRows)], ImportTargets.All(fields), proposal, Warnings(format, headers, rows));
    }

    /// <summary>
    /// What validation says about each preview row under <paramref name="mapping"/>, without writing anything: per
    /// row, column index → problem (<c>-1</c>: the row as a whole). Matching against existing contacts is not checked.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<int, string>>> CheckPreviewAsync(CsvAnalysis analysis, ImportMapping mapping, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        var fields = (await LoadFieldsAsync(cancellationToken)).ToDictionary(f => f.Key);
        var builder = new ContactRowBuilder(mapping);
        var checks = new List<IReadOnlyDictionary<int, string>>();
        foreach (var row in analysis.PreviewRows)
        {
            var problems = new Dictionary<int, string>();
            var built = new List<(int Column, string Reason)>();
            var input = builder.Build(row, built);
            foreach (var (column, reason) in built)
            {
                problems.TryAdd(column, reason);
            }

            normalizer.Normalize(input, fields, out var invalid);
            foreach (var (key, messages) in invalid)
            {
                problems.TryAdd(mapping.ColumnOf(key) ?? -1, string.Join(" ", messages));
            }

            checks.Add(problems);
        }

        return checks;
    }

    public async Task<ImportResult> ImportAsync(Stream stream, ImportMapping mapping, IProgress<ImportProgress>? progress, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        long? total = stream.CanSeek ? stream.Length - stream.Position : null;
        EnsureSize(total);
        // Not cancelled half-way: a cancel is observed between rows and batches, and answered with a result.
        var fields = await LoadFieldsAsync(CancellationToken.None);
        var invalid = mapping.Validate(ImportTargets.All(fields));
        if (invalid.Count > 0)
        {
            throw new ValidationFailedException(invalid);
        }

        var run = new Run(mapping, options.Value, total, progress);
        var writer = new BatchWriter(this, run, fields.ToDictionary(f => f.Key), cancellationToken);
        var counting = new CountingStream(stream, MaxFileBytes);
        try
        {
            using var reader = new StreamReader(counting, mapping.Format.TextEncoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
            var badData = false;
            using var parser = new CsvParser(reader, Configuration(mapping.Format, _ => badData = true));
            if (!await parser.ReadAsync())
            {
                throw ValidationFailedException.For("file", "The file is empty.");
            }

            var headers = HeadersOf(parser.Record ?? []);
            if (!headers.SequenceEqual(mapping.Headers))
            {
                throw ValidationFailedException.For("file", "The file's columns are not the ones the mapping was made for. Upload the file again.");
            }

            var headerRow = parser.Row;
            var builder = new ContactRowBuilder(mapping);
            var rowErrors = new List<(int Column, string Reason)>();
            while (true)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return await writer.FinishAsync(ImportOutcome.Cancelled, null);
                }

                badData = false;
                if (!await parser.ReadAsync())
                {
                    break;
                }

                var record = parser.Record ?? [];
                if (IsBlank(record))
                {
                    continue;
                }

                var row = parser.Row - headerRow;
                rowErrors.Clear();
                var input = builder.Build(record, rowErrors);
                if (badData)
                {
                    rowErrors.Insert(0, (-1, "A quote character is out of place in this row, so its cells cannot be told apart reliably. Put quotes only around whole cells, and double any quote inside a quoted cell."));
                }

                run.Add(row, rowErrors.Count == 0 ? input : null, [.. rowErrors.Select(e => (e.Column >= 0 ? mapping.Headers[e.Column] : RowField, e.Reason))]);
                if (run.PendingRows >= options.Value.BatchSize)
                {
                    if (await writer.WriteAsync(counting.BytesRead) is { } failure)
                    {
                        return await writer.FinishAsync(ImportOutcome.Failed, failure);
                    }
                }
                else if (run.RowsRead % ProgressEveryRows == 0)
                {
                    run.Report(counting.BytesRead);
                }
            }

            if (await writer.WriteAsync(counting.BytesRead) is { } lastFailure)
            {
                return await writer.FinishAsync(ImportOutcome.Failed, lastFailure);
            }

            return await writer.FinishAsync(ImportOutcome.Completed, null);
        }
        catch (FileTooLargeException)
        {
            return await writer.FinishAsync(ImportOutcome.Failed, $"The file is larger than the limit of {FormatMegabytes(MaxFileBytes)}.");
        }
        catch (Exception unreadable) when (unreadable is CsvHelperException or IOException or System.Text.DecoderFallbackException)
        {
            logger.LogWarning(unreadable, "CSV import of {FileName} stopped: the file could not be read after data row {Row}", mapping.FileName, run.LastRowRead);
            return await writer.FinishAsync(ImportOutcome.Failed, $"The file could not be read after row {run.LastRowRead:N0}: {unreadable.Message}");
        }
        finally
        {
            await writer.DrainAsync();
        }
    }

    /// <summary>
    /// Writes one batch in one transaction (retried once on a concurrent change) and returns what was written, or
    /// why it failed. The write is not cancelled half-way, so that a cancel lands between batches and the
    /// committed rows are known exactly.
    /// </summary>
    /// <summary>Starts looking up the stored contacts a batch may update, when that can run beside a write.</summary>
    private Task<IReadOnlyCollection<long>>? LookAhead(PreparedContacts batch) =>
        contacts.CanLookAhead ? contacts.FindCandidatesAsync(batch, CancellationToken.None) : null;

    private void LookAheadFailed(Exception error, int lastRow) =>
        logger.LogWarning(error, "CSV import: looking ahead at the batch ending at row {Row} failed; the write looks it up itself", lastRow);

    private PreparedContacts Prepare(IReadOnlyList<ContactInput> inputs, IReadOnlyDictionary<string, CustomFieldDefinition> fields) => contacts.Prepare(inputs, fields);

    private async Task<(ContactBatchResult? Result, string? Failure)> WriteBatchAsync(PreparedContacts batch, IReadOnlyCollection<long>? candidates, string fileName, int lastRow)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A retry looks the batch up afresh: candidates found ahead may have missed a contact saved since.
                return (await contacts.WriteAsync(batch, allOrNothing: false, CancellationToken.None, attempt == 1 ? candidates : null), null);
            }
            catch (ConflictException conflict) when (attempt == 1)
            {
                logger.LogInformation("CSV import of {FileName}: batch ending at row {Row} met a concurrent change, retrying once: {Message}", fileName, lastRow, conflict.Message);
            }
            catch (DomainException refused)
            {
                return (null, refused.Message);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "CSV import of {FileName}: writing the batch ending at row {Row} failed", fileName, lastRow);
                return (null, "The database did not accept a batch of rows.");
            }
        }
    }

    private async Task<List<CustomFieldDefinition>> LoadFieldsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbContexts.CreateDbContextAsync(cancellationToken);
        return await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
    }

    private void EnsureSize(long? size)
    {
        if (size > MaxFileBytes)
        {
            throw ValidationFailedException.For("file", $"The file is {FormatMegabytes(size.Value)}; an import takes at most {FormatMegabytes(MaxFileBytes)}. Split it into smaller files.");
        }
    }

    internal static string FormatMegabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";

    private static CsvConfiguration Configuration(CsvFormat format, BadDataFound? badData) => new(CultureInfo.InvariantCulture)
    {
        Delimiter = format.Delimiter.ToString(),
        DetectDelimiter = false,
        HasHeaderRecord = false,
        IgnoreBlankLines = true,
        BadDataFound = badData,
        MissingFieldFound = null,
        TrimOptions = TrimOptions.None,
        CountBytes = false,
    };

    private static List<string> HeadersOf(string[] record) =>
        [.. record.Select((h, i) => h.Trim() is { Length: > 0 } name ? name : $"Column {i + 1}")];

    private static bool IsBlank(string[] record) => record.All(string.IsNullOrWhiteSpace);

    private List<string> Warnings(CsvFormat format, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var warnings = new List<string>();
        if (format.Encoding == CsvTextEncoding.Latin1)
        {
            warnings.Add("The file is not UTF-8, so it is read as Western European (ISO-8859-1). If names with accents or in other scripts look wrong below, save the file as \"CSV UTF-8\" and upload it again.");
        }

        if (headers.Any(h => h.Contains('@') || h.Count(char.IsDigit) >= 7))
        {
            warnings.Add("The first row looks like data (it holds an email address or a number). The first row must name the columns; add a header row if the file has none.");
        }

        if (rows.Count == 0)
        {
            warnings.Add("The file has a header but no data rows.");
        }

        return warnings;
    }

    /// <summary>
    /// Keeps at most one batch in flight: the next batch is read and prepared (validated, normalised, encrypted) while
    /// the previous one is written, and a batch counts only once its write is committed.
    /// </summary>
    private sealed class BatchWriter(CsvImportService service, Run run, IReadOnlyDictionary<string, CustomFieldDefinition> fields, CancellationToken cancellation)
    {
        private Task<(ContactBatchResult? Result, string? Failure)>? inFlight;
        private Run.Batch? inFlightBatch;

        /// <summary>
        /// Takes the pending rows as a batch and, unless the import was cancelled meanwhile, starts writing it once
        /// the previous batch is written; returns the previous batch's failure, if any.
        /// </summary>
        public async Task<string?> WriteAsync(long bytesRead)
        {
            var batch = run.TakeBatch(bytesRead);
            var prepared = batch.Inputs.Count == 0 ? null : service.Prepare(batch.Inputs, fields);
            // Which stored contacts the batch may update, looked up while the previous batch is still being written.
            var lookAhead = prepared is not null ? service.LookAhead(prepared) : null;
            if (await DrainAsync() is { } failure)
            {
                await ObserveAsync(lookAhead);
                return failure;
            }

            if (cancellation.IsCancellationRequested)
            {
                await ObserveAsync(lookAhead);
                return null; // the import stops at the batch just counted; this one is not written
            }

            if (prepared is null)
            {
                run.Commit(batch, null);
                return null;
            }

            IReadOnlyCollection<long>? candidates = null;
            try
            {
                candidates = lookAhead is null ? null : await lookAhead;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Not fatal: the write looks the batch up again in its own transaction.
                service.LookAheadFailed(error, batch.LastRow);
            }

            inFlightBatch = batch;
            inFlight = service.WriteBatchAsync(prepared, candidates, run.Mapping.FileName, batch.LastRow);
            return null;
        }

        private static async Task ObserveAsync(Task? task)
        {
            if (task is null)
            {
                return;
            }

            try
            {
                await task;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The batch it looked ahead for is not written; its failure changes nothing.
            }
        }

        /// <summary>Waits for the batch in flight and counts it; returns why it failed, or null.</summary>
        public async Task<string?> DrainAsync()
        {
            if (inFlight is null)
            {
                return null;
            }

            var (result, failure) = await inFlight;
            var batch = inFlightBatch!;
            inFlight = null;
            inFlightBatch = null;
            if (failure is null)
            {
                run.Commit(batch, result);
            }

            return failure;
        }

        public async Task<ImportResult> FinishAsync(ImportOutcome outcome, string? failure)
        {
            if (await DrainAsync() is { } lastFailure && outcome != ImportOutcome.Failed)
            {
                (outcome, failure) = (ImportOutcome.Failed, lastFailure);
            }

            return run.Finish(outcome, failure);
        }
    }

    /// <summary>The running state of one import: counts, the batch being collected, the report.</summary>
    private sealed class Run(ImportMapping mapping, ImportOptions options, long? totalBytes, IProgress<ImportProgress>? progress)
    {
        private readonly List<ImportRowError> errors = [];
        private Batch pending = new();
        private int created;
        private int updated;
        private int rejected;
        private int rejectedInFlight;
        private int committedRows;
        private int lastCommittedRow;
        private bool truncated;
        private long bytesRead;

        public ImportMapping Mapping => mapping;

        public int PendingRows => pending.Inputs.Count + pending.RejectedRows.Count;

        public int RowsRead { get; private set; }

        public int LastRowRead { get; private set; }

        public void Add(int row, ContactInput? input, IReadOnlyList<(string Field, string Reason)> rowErrors)
        {
            RowsRead++;
            LastRowRead = row;
            if (input is null)
            {
                pending.RejectedRows.Add(row);
                pending.Errors.AddRange(rowErrors.Select(e => new ImportRowError(row, e.Field, e.Reason)));
            }
            else
            {
                pending.Inputs.Add(input);
                pending.InputRows.Add(row);
            }
        }

        /// <summary>The rows collected so far become a batch of their own; collecting starts afresh.</summary>
        public Batch TakeBatch(long bytes)
        {
            var batch = pending;
            batch.RowsRead = RowsRead;
            batch.LastRow = LastRowRead;
            batch.BytesRead = bytes;
            rejectedInFlight += batch.RejectedRows.Count;
            pending = new Batch();
            return batch;
        }

        /// <summary>The batch is written (or had nothing to write): its outcomes join the totals and the report.</summary>
        public void Commit(Batch batch, ContactBatchResult? result)
        {
            var batchErrors = new List<ImportRowError>(batch.Errors);
            rejected += batch.RejectedRows.Count;
            rejectedInFlight -= batch.RejectedRows.Count;
            foreach (var item in result?.Items ?? [])
            {
                var row = batch.InputRows[item.Index];
                switch (item.Outcome)
                {
                    case ItemOutcome.Created:
                        created++;
                        break;
                    case ItemOutcome.Updated:
                        updated++;
                        break;
                    default:
                        rejected++;
                        batchErrors.AddRange((item.Errors ?? new Dictionary<string, string[]>()).SelectMany(e => e.Value.Select(reason => new ImportRowError(row, mapping.FieldNameOf(e.Key), reason))));
                        break;
                }
            }

            foreach (var error in batchErrors.OrderBy(e => e.Row))
            {
                if (errors.Count < options.MaxReportedErrors)
                {
                    errors.Add(error);
                }
                else
                {
                    truncated = true;
                }
            }

            committedRows = batch.RowsRead;
            lastCommittedRow = batch.LastRow;
            Report(Math.Max(bytesRead, batch.BytesRead));
        }

        public void Report(long bytes)
        {
            bytesRead = bytes;
            progress?.Report(new ImportProgress(RowsRead, created, updated, rejected + rejectedInFlight + pending.RejectedRows.Count, bytes, totalBytes));
        }

        public ImportResult Finish(ImportOutcome outcome, string? failure)
        {
            var imported = created + updated;
            var counts = $"{created:N0} created, {updated:N0} updated, {rejected:N0} rejected";
            var message = outcome switch
            {
                ImportOutcome.Completed => $"Imported {committedRows:N0} rows: {counts}.",
                ImportOutcome.Cancelled when lastCommittedRow == 0 => "Cancelled before any row was imported.",
                _ when lastCommittedRow == 0 => $"{failure} Nothing was imported.",
                ImportOutcome.Cancelled => $"Cancelled after row {lastCommittedRow:N0}: {imported:N0} rows were imported before the cancel ({counts}); nothing after row {lastCommittedRow:N0} was imported.",
                _ => $"{failure} Rows up to {lastCommittedRow:N0} were processed before it stopped ({counts}); nothing after row {lastCommittedRow:N0} was imported.",
            };
            if (outcome != ImportOutcome.Completed)
            {
                progress?.Report(new ImportProgress(committedRows, created, updated, rejected, bytesRead, totalBytes));
            }

            return new ImportResult(outcome, committedRows, created, updated, rejected, lastCommittedRow, [.. errors], truncated, message);
        }

        /// <summary>Rows read together and written in one transaction.</summary>
        public sealed class Batch
        {
            public List<ContactInput> Inputs { get; } = [];

            /// <summary>The file row of each input, by position.</summary>
            public List<int> InputRows { get; } = [];

            public List<ImportRowError> Errors { get; } = [];

            public HashSet<int> RejectedRows { get; } = [];

            /// <summary>Rows read in the whole file up to the end of this batch.</summary>
            public int RowsRead { get; set; }

            public int LastRow { get; set; }

            public long BytesRead { get; set; }
        }
    }
}
