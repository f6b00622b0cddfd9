using Bunit;
using Bunit.Rendering;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace CampaignStudio.Tests.Components.Campaigns;

/// <summary>
/// Campaign pages against the real services on SQLite: the campaign world (manager, analyst, segments, senders),
/// with the page's services resolved from an app scope acting as <see cref="ViewerEmail"/>.
/// </summary>
public abstract class CampaignPageTestBase : BunitContextBase
{
    private AsyncServiceScope? scope;

    protected CampaignPageTestBase() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected FakeTimeProvider Clock { get; } = CampaignWorld.Clock();

    protected TestApp App { get; private set; } = null!;

    protected CampaignWorld.World World { get; private set; } = null!;

    /// <summary>Who looks at the page; the manager unless a test says otherwise before rendering.</summary>
    protected string ViewerEmail { get; set; } = CampaignWorld.ManagerEmail;

    /// <summary>The viewer's role when the email alone does not say it (e.g. an approver a test created).</summary>
    protected string? ViewerRole { get; set; }

    protected override async Task InitializeAsync()
    {
        App = await CampaignWorld.StartAsync(DatabaseKind.Sqlite, Clock);
        World = await CampaignWorld.SeedAsync(App);
    }

    protected override async ValueTask OnDisposedAsync()
    {
        if (scope is { } s)
        {
            await s.DisposeAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    protected async Task<IRenderedComponent<ContainerFragment>> RenderAsync<TPage>(IReadOnlyDictionary<string, object?>? parameters = null, string? address = null)
        where TPage : IComponent
    {
        scope = await App.ScopeForUserAsync(ViewerEmail);
        Services.AddFallbackServiceProvider(scope.Value.ServiceProvider);
        AuthorizeAs(ViewerEmail, ViewerRole ?? (ViewerEmail == CampaignWorld.AnalystEmail ? Roles.Analyst : ViewerEmail == TestApp.AdminEmail ? Roles.Admin : Roles.CampaignManager));
        if (address is not null)
        {
            Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        }

        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(2);
            foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
            {
                builder.AddComponentParameter(3, name, value);
            }

            builder.CloseComponent();
        });
    }

    protected Task<CampaignDetails> AsManagerAsync(Func<CampaignService, Task<CampaignDetails>> act) => CampaignWorld.AsManagerAsync(App, act);

    /// <summary>What the sending engine does when a campaign's time comes.</summary>
    protected async Task MarkSendingAsync(int id)
    {
        Clock.Advance(TimeSpan.FromDays(1));
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        (await db.Campaigns.SingleAsync(c => c.Id == id)).MarkSending(Clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
    }
}
