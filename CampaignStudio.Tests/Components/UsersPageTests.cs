using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Identity.Pages;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace CampaignStudio.Tests.Components;

/// <summary>
/// The Users page against the real services and a real (SQLite) database. UserAdminService and everything it
/// needs come from an app scope acting as the first admin; MudBlazor, JS interop and the page's own
/// authentication state come from the bUnit context.
/// </summary>
public sealed class UsersPageTests : BunitContextBase
{
    private const string AnalystEmail = "ann@example.test";
    private const string AnalystName = "Test User";

    private TestApp? app;
    private AsyncServiceScope? adminScope;

    public UsersPageTests() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected override async Task InitializeAsync()
    {
        app = await TestApp.StartAsync(DatabaseKind.Sqlite);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync(AnalystEmail, Roles.Analyst, name: AnalystName);
        adminScope = await app.ScopeForUserAsync(TestApp.AdminEmail);

        // Only what the bUnit context lacks (UserAdminService and its dependencies) is resolved here, and a
        // service resolved here gets its own dependencies from the app scope, including the
        // AuthenticationStateProvider that acts as the admin.
        Services.AddFallbackServiceProvider(adminScope.Value.ServiceProvider);
        AuthorizeAs(TestApp.AdminEmail, Roles.Admin);
    }

    protected override async ValueTask OnDisposedAsync()
    {
        if (adminScope is { } scope)
        {
            await scope.DisposeAsync();
        }

        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void ListsEveryUserWithRolesAndStatus()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(
            [
                new UserRow("Ada Admin", TestApp.AdminEmail, ["Admin"], "Active"),
                new UserRow(AnalystName, AnalystEmail, ["Analyst"], "Active"),
            ],
            Rows(cut)));
    }

    [Fact]
    public async Task Deactivate_AfterConfirming_MarksTheUserDeactivated()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));

        cut.Find($"button[aria-label='Deactivate {AnalystName}']").Click();
        cut.WaitForAssertion(() => Assert.Contains("Deactivate user", cut.Markup));
        ButtonWithText(cut, "Deactivate").Click();

        cut.WaitForAssertion(() => Assert.Equal("Deactivated", Rows(cut).Single(r => r.Email == AnalystEmail).Status));
        Assert.Equal("Active", Rows(cut).Single(r => r.Email == TestApp.AdminEmail).Status);
        Assert.Empty(cut.FindAll($"button[aria-label='Deactivate {AnalystName}']"));
        Assert.Single(cut.FindAll($"button[aria-label='Reactivate {AnalystName}']"));
        Assert.Contains(ShownSnackbars, s => s.Message == $"{AnalystName} is deactivated." && s.Severity == Severity.Success);

        var stored = await ListFromDatabaseAsync();
        Assert.False(stored.Single(u => u.Email == AnalystEmail).IsActive);
        Assert.True(stored.Single(u => u.Email == TestApp.AdminEmail).IsActive);
    }

    [Fact]
    public async Task Deactivate_Cancelled_ChangesNothing()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));

        cut.Find($"button[aria-label='Deactivate {AnalystName}']").Click();
        cut.WaitForAssertion(() => Assert.Contains("Deactivate user", cut.Markup));
        ButtonWithText(cut, "Cancel").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain("Deactivate user", cut.Markup));
        Assert.Equal("Active", Rows(cut).Single(r => r.Email == AnalystEmail).Status);
        Assert.Empty(ShownSnackbars);
        Assert.True((await ListFromDatabaseAsync()).Single(u => u.Email == AnalystEmail).IsActive);
    }

    [Fact]
    public async Task OwnRow_OffersNoDeactivateButton()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));

        // The service refuses self-deactivation too (see UserAdminTests); the page does not offer it.
        Assert.Empty(cut.FindAll("button[aria-label='Deactivate Ada Admin']"));
        Assert.Single(cut.FindAll($"button[aria-label='Deactivate {AnalystName}']"));
        Assert.True((await ListFromDatabaseAsync()).Single(u => u.Email == TestApp.AdminEmail).IsActive);
    }

    [Fact]
    public async Task Reactivate_MakesTheUserActiveAgain()
    {
        var analyst = (await ListFromDatabaseAsync()).Single(u => u.Email == AnalystEmail);
        await using (var scope = await app!.ScopeForUserAsync(TestApp.AdminEmail))
        {
            await scope.ServiceProvider.GetRequiredService<UserAdminService>().DeactivateAsync(analyst.Id);
        }

        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal("Deactivated", Rows(cut).Single(r => r.Email == AnalystEmail).Status));

        cut.Find($"button[aria-label='Reactivate {AnalystName}']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Active", Rows(cut).Single(r => r.Email == AnalystEmail).Status));
        Assert.Contains(ShownSnackbars, s => s.Message == $"{AnalystName} is active again.");
        Assert.True((await ListFromDatabaseAsync()).Single(u => u.Email == AnalystEmail).IsActive);
    }

    [Fact]
    public async Task EditRoles_Saved_UpdatesTheRowAndTheDatabase()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));

        cut.Find($"button[aria-label='Change roles of {AnalystName}']").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(RoleCheckBoxes(cut)));
        RoleCheckBox(cut, "Campaign manager").Find("input").Change(true);
        RoleCheckBox(cut, "Analyst").Find("input").Change(false);
        ButtonWithText(cut, "Save").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Campaign manager"], Rows(cut).Single(r => r.Email == AnalystEmail).Roles));
        Assert.Empty(RoleCheckBoxes(cut));
        Assert.Contains(ShownSnackbars, s => s.Message == $"Roles of {AnalystName} updated.");
        Assert.Equal([Roles.CampaignManager], (await ListFromDatabaseAsync()).Single(u => u.Email == AnalystEmail).Roles);
    }

    [Fact]
    public async Task EditRoles_RemovingOwnAdminRole_ShowsTheRefusalInTheDialog()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));

        cut.Find("button[aria-label='Change roles of Ada Admin']").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(RoleCheckBoxes(cut)));
        RoleCheckBox(cut, "Analyst").Find("input").Change(true);
        RoleCheckBox(cut, "Admin").Find("input").Change(false);
        ButtonWithText(cut, "Save").Click();

        cut.WaitForAssertion(() => Assert.Contains("You cannot remove your own Admin role", cut.FindComponent<MudAlert>().Markup));
        Assert.NotEmpty(RoleCheckBoxes(cut));
        Assert.Empty(ShownSnackbars);
        Assert.Equal([Roles.Admin], (await ListFromDatabaseAsync()).Single(u => u.Email == TestApp.AdminEmail).Roles);
    }

    [Theory]
    [InlineData("not-an-email", "Enter a valid email address.")]
    [InlineData(AnalystEmail, "is already taken")]
    public async Task AddUser_WithBadEmail_ShowsTheErrorAtTheEmailFieldAndCreatesNothing(string email, string expectedError)
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));

        cut.Find("[data-testid=add-user]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(TextFields(cut, "Email")));
        TextField(cut, "Name").Find("input").Change("Eve Example");
        TextField(cut, "Email").Find("input").Change(email);
        cut.Find("[data-testid=save-user]").Click();

        cut.WaitForAssertion(() => Assert.Contains(expectedError, TextField(cut, "Email").Find(".mud-input-helper-text").TextContent));
        Assert.True(TextField(cut, "Email").Instance.GetState(f => f.Error));
        Assert.False(TextField(cut, "Name").Instance.GetState(f => f.Error));
        Assert.Empty(ShownSnackbars);
        Assert.Equal(2, Rows(cut).Count);

        var stored = await ListFromDatabaseAsync();
        Assert.Equal([TestApp.AdminEmail, AnalystEmail], stored.Select(u => u.Email));
        Assert.DoesNotContain(stored, u => u.DisplayName == "Eve Example");
    }

    [Fact]
    public async Task AddUser_AfterCorrectingARefusedEmail_CreatesTheInvitation()
    {
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));
        cut.Find("[data-testid=add-user]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(TextFields(cut, "Email")));
        TextField(cut, "Name").Find("input").Change("Eve Example");
        TextField(cut, "Email").Find("input").Change("not-an-email");
        cut.Find("[data-testid=save-user]").Click();
        cut.WaitForAssertion(() => Assert.True(TextField(cut, "Email").Instance.GetState(f => f.Error)));

        TextField(cut, "Email").Find("input").Change("eve@example.test");
        cut.Find("[data-testid=save-user]").Click();

        cut.WaitForAssertion(() => Assert.Contains(Rows(cut), r => r.Email == "eve@example.test"));
        Assert.Equal(new UserRow("Eve Example", "eve@example.test", ["Campaign manager"], "Invited"), Rows(cut).Single(r => r.Email == "eve@example.test"));
        Assert.Contains(await ListFromDatabaseAsync(), u => u.Email == "eve@example.test");
    }

    private IRenderedComponent<ContainerFragment> RenderPage() => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<Users>(2);
        builder.CloseComponent();
    });

    /// <summary>What the database holds, read through a fresh admin scope (not the one the page uses).</summary>
    private async Task<IReadOnlyList<UserSummary>> ListFromDatabaseAsync()
    {
        await using var scope = await app!.ScopeForUserAsync(TestApp.AdminEmail);
        return await scope.ServiceProvider.GetRequiredService<UserAdminService>().ListAsync();
    }

    private static List<UserRow> Rows(IRenderedComponent<ContainerFragment> cut) =>
    [
        .. cut.FindAll("[data-testid=users-table] tbody tr")
            .Where(tr => tr.QuerySelector("td[data-label=Name]") is not null)
            .Select(tr => new UserRow(
                Cell(tr, "Name").TextContent.Trim(),
                Cell(tr, "Email").TextContent.Trim(),
                [.. Cell(tr, "Roles").QuerySelectorAll(".mud-chip").Select(c => c.TextContent.Trim())],
                Cell(tr, "Status").TextContent.Trim())),
    ];

    private static IElement Cell(IElement row, string label) =>
        row.QuerySelector($"td[data-label='{label}']") ?? throw new InvalidOperationException($"No {label} cell.");

    private static IElement ButtonWithText(IRenderedComponent<ContainerFragment> cut, string text) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static IReadOnlyList<IRenderedComponent<MudTextField<string>>> TextFields(IRenderedComponent<ContainerFragment> cut, string label) =>
        [.. cut.FindComponents<MudTextField<string>>().Where(f => f.Instance.Label == label)];

    private static IRenderedComponent<MudTextField<string>> TextField(IRenderedComponent<ContainerFragment> cut, string label) =>
        Assert.Single(TextFields(cut, label));

    private static IReadOnlyList<IRenderedComponent<MudCheckBox<bool>>> RoleCheckBoxes(IRenderedComponent<ContainerFragment> cut) =>
        [.. cut.FindComponents<MudCheckBox<bool>>()];

    private static IRenderedComponent<MudCheckBox<bool>> RoleCheckBox(IRenderedComponent<ContainerFragment> cut, string role) =>
        Assert.Single(RoleCheckBoxes(cut), c => c.Find("strong").TextContent == role);

    private sealed record UserRow(string Name, string Email, string[] Roles, string Status)
    {
        public bool Equals(UserRow? other) =>
            other is not null && Name == other.Name && Email == other.Email && Roles.SequenceEqual(other.Roles) && Status == other.Status;

        public override int GetHashCode() => HashCode.Combine(Name, Email, Status);

        public override string ToString() => $"{Name} <{Email}> [{string.Join(", ", Roles)}] {Status}";
    }
}
