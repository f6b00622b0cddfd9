using Bunit;
using Bunit.Rendering;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Import.Pages;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace CampaignStudio.Tests.Features.Audience.Import;

/// <summary>The import page against the real services and a real (SQLite) database, acting as a campaign manager.</summary>
public sealed class ImportContactsPageTests : BunitContextBase
{
    private const string ManagerEmail = "cm@example.test";
    private const string ModulePath = "./js/download.js";

    private readonly string uploads = Path.Combine(Path.GetTempPath(), "campaignstudio-tests", "uploads-" + Guid.NewGuid().ToString("N")[..8]);
    private TestApp? app;
    private AsyncServiceScope? scope;

    public ImportContactsPageTests() => DefaultWaitTimeout = TimeSpan.FromSeconds(15);

    protected override async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Audience:Import:TempFolder"] = uploads });
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(ManagerEmail, Roles.CampaignManager);
        scope = await app.ScopeForUserAsync(ManagerEmail);
        Services.AddFallbackServiceProvider(scope.Value.ServiceProvider);
        AuthorizeAs(ManagerEmail, Roles.CampaignManager);
    }

    protected override async ValueTask OnDisposedAsync()
    {
        if (scope is { } s)
        {
            await s.DisposeAsync();
        }

        if (app is not null)
        {
            await app.DisposeAsync();
        }

        if (Directory.Exists(uploads))
        {
            Directory.Delete(uploads, recursive: true);
        }
    }

    [Fact]
    public async Task Upload_Map_Import_ShowsTheCountsAndTheRejectedRows_AndDownloadsTheReport()
    {
        var module = JSInterop.SetupModule(ModulePath);
        module.SetupVoid("downloadFile", _ => true).SetVoidResult();
        var cut = RenderPage();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "Customer ID;E-mail;Mobile;First Name;SMS Opt-in\nD-1;ravi@example.com;+91 98200 12345;Ravi;yes\nD-2;broken;;Sita;no\nD-3;meena@example.com;;Meena;\n",
            "dealers.csv"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=mapping-table]")));
        Assert.Equal(["externalId", "email", "phone", "firstName", "consent.sms"], Selects(cut).Select(s => s.Instance.GetState(x => x.Value)));
        Assert.Contains("semicolon separated", cut.Find("[data-testid=file-summary]").TextContent);
        var preview = cut.FindAll("[data-testid=preview-row]");
        Assert.Equal(3, preview.Count);
        Assert.Contains("Granted", preview[0].TextContent);
        Assert.Empty(preview[0].QuerySelectorAll("[data-testid=preview-problem]"));
        Assert.Contains("Rejected: 'broken' is not a valid email address.", preview[1].TextContent);
        Assert.Empty(preview[2].QuerySelectorAll("[data-testid=preview-problem]"));
        Assert.Single(Directory.GetFiles(uploads));

        cut.Find("[data-testid=start-import]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Imported 3 rows", cut.Find("[data-testid=import-result]").TextContent));
        Assert.Equal(("3", "2", "0", "1"), (Count(cut, "read"), Count(cut, "created"), Count(cut, "updated"), Count(cut, "rejected")));
        var rejected = cut.Find("[data-testid=rejected-rows] tbody tr").TextContent;
        Assert.Contains("2", rejected);
        Assert.Contains("E-mail", rejected);
        Assert.Contains("not a valid email", rejected);
        Assert.Empty(Directory.GetFiles(uploads));
        await using (var db = await app!.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(["D-1", "D-3"], await db.Contacts.Select(c => c.ExternalId!).OrderBy(x => x).ToListAsync());
        }

        cut.Find("[data-testid=download-report]").Click();

        cut.WaitForAssertion(() => Assert.Single(module.Invocations, i => i.Identifier == "downloadFile"));
        var download = module.Invocations.Single(i => i.Identifier == "downloadFile");
        Assert.Equal(["dealers-report.csv", "text/csv"], download.Arguments.Take(2));
    }

    [Fact]
    public void Mapping_WithoutAnIdentifier_ShowsWhyAndCannotStart()
    {
        var cut = RenderPage();
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("Email,Email 2,City\na@example.com,b@example.com,Pune\n", "people.csv"));
        cut.WaitForAssertion(() => Assert.Equal(3, Selects(cut).Count));

        cut.InvokeAsync(() => Selects(cut)[0].Instance.ValueChanged.InvokeAsync("ignore"));

        cut.WaitForAssertion(() => Assert.Contains("External id, Email or Phone", cut.Find("[data-testid=identifier-error]").TextContent));
        Assert.True(cut.Find("[data-testid=start-import]").HasAttribute("disabled"));

        cut.InvokeAsync(() => Selects(cut)[1].Instance.ValueChanged.InvokeAsync("email"));
        cut.InvokeAsync(() => Selects(cut)[2].Instance.ValueChanged.InvokeAsync("email"));

        cut.WaitForAssertion(() => Assert.Contains("already taken by column 'Email 2'", Selects(cut)[2].Markup));
        Assert.Empty(cut.FindAll("[data-testid=identifier-error]"));
        Assert.True(cut.Find("[data-testid=start-import]").HasAttribute("disabled"));
    }

    [Fact]
    public void Upload_NotACsvWithAHeader_ShowsTheProblemAtTheUpload()
    {
        var cut = RenderPage();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("", "empty.csv"));

        cut.WaitForAssertion(() => Assert.Contains("The file is empty.", cut.Find("[data-testid=upload-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=mapping-table]"));
        Assert.Empty(Directory.Exists(uploads) ? Directory.GetFiles(uploads) : []);
    }

    private IRenderedComponent<ContainerFragment> RenderPage() => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<ImportContacts>(1);
        builder.CloseComponent();
    });

    private static List<IRenderedComponent<MudSelect<string>>> Selects(IRenderedComponent<ContainerFragment> cut) => [.. cut.FindComponents<MudSelect<string>>()];

    private static string Count(IRenderedComponent<ContainerFragment> cut, string what) => cut.Find($"[data-testid=count-{what}]").TextContent.Trim();
}
