using System.Text;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Import;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Audience.Import;

/// <summary>CSV import against the real app and database, on both providers.</summary>
public abstract class CsvImportTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CsvImportTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CsvImportTests(DatabaseKind.MySql);

    private static async Task<TestApp> StartAsync(DatabaseKind kind, Dictionary<string, string?>? settings = null)
    {
        var app = await TestApp.StartAsync(kind, settings);
        await app.CreateFirstAdminAsync();
        return app;
    }

    private static MemoryStream Csv(string text, bool bom = false) =>
        new([.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)]);

    private static async Task<(CsvAnalysis Analysis, ImportResult Result)> AnalyzeAndImportAsync(CsvImportService importer, string text, bool bom = false, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var first = Csv(text, bom);
        var analysis = await importer.AnalyzeAsync(first, "contacts.csv");
        using var second = Csv(text, bom);
        return (analysis, await importer.ImportAsync(second, analysis.ProposedMapping, progress, cancellationToken));
    }

    private static async Task<Contact?> FindByEmailAsync(TestApp app, string email)
    {
        var hash = app.Services.GetRequiredService<PiiProtector>().BlindIndex(email);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Contacts.AsNoTracking().Include(c => c.Tags).Include(c => c.Consents).FirstOrDefaultAsync(c => c.EmailHash == hash);
    }

    private static async Task<int> CountContactsAsync(TestApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Contacts.CountAsync();
    }

    [Fact]
    public async Task Import_GoodAndBadRows_ImportsTheGoodOnes_ReportsTheBadOnesByRowAndColumn_AndWritesNothingOfThem()
    {
        await using var app = await StartAsync(kind);
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        const string file = """
            Customer ID,First Name,E-mail,Mobile,Country,Tags,WhatsApp Opt-in
            D-1,Ravi,ravi@example.com,+91 98200 12345,IN,dealer;vip,yes
            D-2,Broken,not-an-email,+91 98200 12346,IN,dealer,yes

            D-3,Half,half@example.com,12,IN,retail,no
            D-4,Consent,consent@example.com,+91 98200 12347,India,retail,maybe
            D-5,Anna,anna@example.de,+49 30 901820,DE,retail|vip,0
            """;

        var (analysis, result) = await AnalyzeAndImportAsync(importer, file);

        Assert.Equal(["externalId", "firstName", "email", "phone", "country", "tags", "consent.whatsApp"], analysis.ProposedMapping.Targets);
        Assert.Equal(ImportOutcome.Completed, result.Outcome);
        Assert.Equal((5, 2, 0, 3), (result.RowsRead, result.Created, result.Updated, result.Rejected));
        Assert.Equal(
            [(2, "E-mail"), (4, "Mobile"), (5, "WhatsApp Opt-in")],
            result.Errors.Select(e => (e.Row, e.Field)));
        Assert.Contains("not a valid email", result.Errors[0].Reason);
        Assert.Contains("'maybe' is not a consent", result.Errors[2].Reason);

        var ravi = await FindByEmailAsync(app, "ravi@example.com");
        Assert.NotNull(ravi);
        Assert.Equal(["dealer", "vip"], ravi.Tags.Select(t => t.Tag).Order());
        Assert.Equal(ConsentStatus.Granted, ravi.ConsentFor(Channel.WhatsApp));
        var anna = await FindByEmailAsync(app, "anna@example.de");
        Assert.Equal(["retail", "vip"], anna!.Tags.Select(t => t.Tag).Order());
        Assert.Equal(ConsentStatus.Withdrawn, anna.ConsentFor(Channel.WhatsApp));
        // A rejected row writes nothing, not even its valid cells.
        Assert.Null(await FindByEmailAsync(app, "half@example.com"));
        Assert.Null(await FindByEmailAsync(app, "consent@example.com"));
        Assert.Equal(2, await CountContactsAsync(app));
    }

    [Fact]
    public async Task Import_SameExternalIdAgain_UpdatesTheContactInsteadOfDuplicatingIt()
    {
        await using var app = await StartAsync(kind);
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        await AnalyzeAndImportAsync(importer, "externalId,email,city,tags\nC-1,meena@example.com,Madurai,retail\nC-2,arun@example.com,Salem,retail\n");

        var (_, again) = await AnalyzeAndImportAsync(importer, "externalId,email,city,tags\nC-1,meena@example.com,Chennai,vip\nC-3,karthik@example.com,Coimbatore,\n");

        Assert.Equal((1, 1, 0), (again.Created, again.Updated, again.Rejected));
        Assert.Equal(3, await CountContactsAsync(app));
        var meena = await FindByEmailAsync(app, "meena@example.com");
        Assert.Equal("Chennai", meena!.City);
        Assert.Equal("C-1", meena.ExternalId);
        Assert.Equal(["retail", "vip"], meena.Tags.Select(t => t.Tag).Order());
    }

    [Fact]
    public async Task Import_SemicolonFileWithBom_IsDetectedAndReadCorrectly()
    {
        await using var app = await StartAsync(kind);
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        const string file = "E-Mail;Vorname;Nachname;Firma;Land;Stadt\r\njonas@example.de;Jonas;Müller;\"Müller; Söhne GmbH\";Deutschland;Köln\r\nlea@example.de;Léa;Weber;Weber, Becker & Co;DE;München\r\n";

        var (analysis, result) = await AnalyzeAndImportAsync(importer, file, bom: true);

        Assert.Equal(';', analysis.Format.Delimiter);
        Assert.Equal(CsvTextEncoding.Utf8WithBom, analysis.Format.Encoding);
        Assert.Equal("E-Mail", analysis.Headers[0]);
        Assert.Equal(["email", "firstName", "lastName", "company", "country", "city"], analysis.ProposedMapping.Targets);
        Assert.Equal("Müller; Söhne GmbH", analysis.PreviewRows[0][3]);
        Assert.Equal((2, 0), (result.Created, result.Rejected));
        var jonas = await FindByEmailAsync(app, "jonas@example.de");
        Assert.Equal(("Müller", "Müller; Söhne GmbH", "DE", "Köln"), (jonas!.LastName, jonas.Company, jonas.Country, jonas.City));
        Assert.Equal("Léa", (await FindByEmailAsync(app, "lea@example.de"))!.FirstName);
    }

    [Fact]
    public async Task Import_CancelledAfterTheFirstBatch_KeepsOnlyThatBatch_AndSaysSo()
    {
        await using var app = await StartAsync(kind, new() { ["Audience:Import:BatchSize"] = "5" });
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        var file = "externalId,email\n" + string.Concat(Enumerable.Range(1, 12).Select(i => $"C-{i},person{i}@example.com\n"));
        using var cancel = new CancellationTokenSource();
        var reports = new List<ImportProgress>();
        var progress = new InlineProgress(p =>
        {
            reports.Add(p);
            if (p.Created > 0)
            {
                cancel.Cancel();
            }
        });

        var (_, result) = await AnalyzeAndImportAsync(importer, file, progress: progress, cancellationToken: cancel.Token);

        Assert.Equal(ImportOutcome.Cancelled, result.Outcome);
        Assert.Equal((5, 5, 5), (result.Created, result.Imported, result.LastCommittedRow));
        Assert.Contains("5 rows were imported before the cancel", result.Message);
        Assert.Equal(5, await CountContactsAsync(app));
        Assert.NotNull(await FindByEmailAsync(app, "person5@example.com"));
        Assert.Null(await FindByEmailAsync(app, "person6@example.com"));
        Assert.Equal(5, reports[^1].Created);
    }

    [Fact]
    public async Task Import_ManyRows_WritesInBatchesAndReportsProgressByBytes()
    {
        await using var app = await StartAsync(kind, new() { ["Audience:Import:BatchSize"] = "400" });
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        var file = "externalId,email,phone,tags\n" + string.Concat(Enumerable.Range(1, 1000).Select(i => $"D-{i},dealer{i}@example.com,+91 98{i:D8},dealer\n"));
        var reports = new List<ImportProgress>();

        var (_, result) = await AnalyzeAndImportAsync(importer, file, progress: new InlineProgress(reports.Add));

        Assert.Equal((1000, 1000, 0), (result.RowsRead, result.Created, result.Rejected));
        Assert.Equal(1000, await CountContactsAsync(app));
        Assert.Equal([400, 800, 1000], reports.Where(r => r.Created > 0).Select(r => r.Created).Distinct());
        Assert.All(reports, r => Assert.Equal(Encoding.UTF8.GetByteCount(file), r.TotalBytes));
        Assert.Equal(100.0, reports[^1].Percent);
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First.BytesRead <= pair.Second.BytesRead));
    }

    [Fact]
    public async Task Import_BlankCells_KeepStoredValuesByDefault_ClearThemWhenAsked_NeverIdentifiersOrTags()
    {
        await using var app = await StartAsync(kind);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.CustomFields.Add(new CustomFieldDefinition("dealer_tier", "Dealer tier", CustomFieldType.Choice, false, ["gold", "silver"], DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        await AnalyzeAndImportAsync(importer, "externalId,email,company,city,dealer_tier,tags\nC-1,meena@example.com,Meena Traders,Madurai,gold,retail\n");
        const string blanks = "externalId,email,company,city,dealer_tier,tags\nC-1,,,Chennai,,\n";

        var (analysis, kept) = await AnalyzeAndImportAsync(importer, blanks);
        var afterKeep = await FindByEmailAsync(app, "meena@example.com");
        using var file = Csv(blanks);
        var cleared = await importer.ImportAsync(file, analysis.ProposedMapping with { BlankCellsClear = true }, null);
        var afterClear = await FindByEmailAsync(app, "meena@example.com");

        Assert.Equal((0, 1), (kept.Created, kept.Updated));
        Assert.Equal(("Meena Traders", "Chennai"), (afterKeep!.Company, afterKeep.City));
        Assert.Equal((0, 1, 0), (cleared.Created, cleared.Updated, cleared.Rejected));
        Assert.Equal((null, "Chennai", "C-1"), (afterClear!.Company, afterClear.City, afterClear.ExternalId));
        Assert.Equal(["retail"], afterClear.Tags.Select(t => t.Tag));
        await using var check = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await check.ContactFieldValues.CountAsync());
    }

    [Fact]
    public async Task Import_AContactRepeatedInALaterBatch_IsUpdatedNotDuplicated_WhateverTheLookAheadSaw()
    {
        await using var app = await StartAsync(kind, new() { ["Audience:Import:BatchSize"] = "2" });
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        var rows = string.Concat(Enumerable.Range(1, 6).Select(i => $"C-{i},person{i}@example.com,Madurai\n"));

        var (_, result) = await AnalyzeAndImportAsync(importer, "externalId,email,city\n" + rows + "C-1,person1@example.com,Pune\nC-7,person2@example.com,Salem\nC-4,person4@example.com,Chennai\n");

        Assert.Equal(ImportOutcome.Completed, result.Outcome);
        Assert.Equal((6, 2, 1), (result.Created, result.Updated, result.Rejected));
        Assert.Equal(6, await CountContactsAsync(app));
        Assert.Equal("Pune", (await FindByEmailAsync(app, "person1@example.com"))!.City);
        Assert.Equal("Chennai", (await FindByEmailAsync(app, "person4@example.com"))!.City);
        var refused = Assert.Single(result.Errors);
        Assert.Equal((8, "externalId"), (refused.Row, refused.Field));
    }

    [Fact]
    public async Task Import_CustomFieldColumn_MapsByKeyOrLabel_AndValidatesByTheFieldsType()
    {
        await using var app = await StartAsync(kind);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.CustomFields.Add(new CustomFieldDefinition("dealer_tier", "Dealer tier", CustomFieldType.Choice, false, ["gold", "silver", "bronze"], DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();

        var (analysis, result) = await AnalyzeAndImportAsync(importer, "Email,Dealer Tier\nsunil@example.com,Gold\nvijay@example.com,platinum\n");

        Assert.Equal(["email", "field.dealer_tier"], analysis.ProposedMapping.Targets);
        Assert.Contains(analysis.Targets, t => t.Key == "field.dealer_tier" && t.Label == "Dealer tier");
        Assert.Equal((1, 1), (result.Created, result.Rejected));
        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "Dealer Tier"), (error.Row, error.Field));
        Assert.Contains("must be one of gold, silver, bronze", error.Reason);
    }

    [Fact]
    public async Task Import_WithoutAnIdentifierColumn_IsRefusedBeforeReadingRows()
    {
        await using var app = await StartAsync(kind);
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        using var file = Csv("Name,City\nRavi,Pune\n");
        var analysis = await importer.AnalyzeAsync(file, "names.csv");
        file.Position = 0;

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => importer.ImportAsync(file, analysis.ProposedMapping, null));

        Assert.Contains(ImportMapping.IdentifierError, refused.Errors.Keys);
        Assert.Equal(0, await CountContactsAsync(app));
    }

    [Fact]
    public async Task Import_FileOverTheSizeLimit_IsRefusedWithAClearMessage()
    {
        await using var app = await StartAsync(kind, new() { ["Audience:Import:MaxFileSizeMb"] = "1" });
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        using var file = Csv("email\n" + string.Concat(Enumerable.Range(1, 80_000).Select(i => $"someone{i}@example.com\n")));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => importer.AnalyzeAsync(file, "big.csv"));

        Assert.Contains("an import takes at most 1 MB", refused.Message);
    }

    [Fact]
    public async Task Analyze_ASpreadsheetInsteadOfACsv_SaysToSaveItAsCsv()
    {
        await using var app = await StartAsync(kind);
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        using var workbook = new MemoryStream([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => importer.AnalyzeAsync(workbook, "contacts.xlsx"));

        Assert.Contains("contacts.xlsx is not a text file", refused.Message);
    }

    [Fact]
    public async Task Import_ByAnAnalyst_IsRefused()
    {
        await using var app = await StartAsync(kind);
        await app.CreateUserAsync("ann@example.test", Roles.Analyst);
        await using var scope = await app.ScopeForUserAsync("ann@example.test");
        var importer = scope.ServiceProvider.GetRequiredService<CsvImportService>();
        var mapping = new ImportMapping("x.csv", CsvFormat.Default, ["email"], ["email"]);

        await Assert.ThrowsAsync<ForbiddenException>(() => importer.AnalyzeAsync(Csv("email\na@example.com\n"), "x.csv"));
        await Assert.ThrowsAsync<ForbiddenException>(() => importer.ImportAsync(Csv("email\na@example.com\n"), mapping, null));
        Assert.Equal(0, await CountContactsAsync(app));
    }

    /// <summary>Reports on the caller's thread, at once (<see cref="Progress{T}"/> posts to a synchronisation context).</summary>
    private sealed class InlineProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
