using System.Net;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Identity;

public sealed class EntraIdTests
{
    [Fact]
    public async Task WithoutAzureAdSection_NoMicrosoftSignIn()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite);
        await app.CreateFirstAdminAsync();

        var schemes = await app.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync();
        var login = await app.CreateClient().GetStringAsync("/account/login");

        Assert.DoesNotContain(schemes, s => s.Name == AccountEndpoints.EntraIdScheme);
        Assert.DoesNotContain("Sign in with Microsoft", login);
    }

    [Fact]
    public async Task WithAzureAdSection_OffersMicrosoftSignInNextToLocalAccounts()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000002",
            ["AzureAd:CallbackPath"] = "/signin-oidc",
        });
        await app.CreateFirstAdminAsync();

        var schemes = await app.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync();
        var login = await app.CreateClient().GetStringAsync("/account/login");

        Assert.Contains(schemes, s => s.Name == AccountEndpoints.EntraIdScheme);
        Assert.Contains("Sign in with Microsoft", login);
        Assert.Contains("Sign in", login);
    }

    [Theory]
    [InlineData("/campaigns", "/campaigns")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData(null, "/")]
    public void ReturnUrl_OnlyLocalPathsAreFollowed(string? returnUrl, string expected) =>
        Assert.Equal(expected, AccountEndpoints.LocalOrRoot(returnUrl));
}
