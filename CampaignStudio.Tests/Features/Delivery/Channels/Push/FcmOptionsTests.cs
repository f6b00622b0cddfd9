using CampaignStudio.Features.Delivery.Channels.Push;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Push;

public sealed class FcmOptionsTests : IAsyncLifetime
{
    private FcmStandIn fcm = null!;

    public async Task InitializeAsync() => fcm = await FcmStandIn.StartAsync("acme-crm-2026");

    public async Task DisposeAsync() => await fcm.DisposeAsync();

    [Fact]
    public void Validate_EmptySection_IsValid()
    {
        Assert.True(new FcmOptionsValidator().Validate(null, new FcmOptions()).Succeeded);
    }

    [Fact]
    public void Validate_KeyWithoutProjectId_TakesTheKeysProject()
    {
        var options = new FcmOptions { ServiceAccountJson = fcm.ServiceAccountJson };

        Assert.True(new FcmOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("acme-crm-2026", options.ResolveProjectId());
    }

    [Fact]
    public async Task Validate_KeyFile_IsReadFromItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fcm-key-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, fcm.ServiceAccountJson);
        try
        {
            var options = new FcmOptions { ServiceAccountPath = path };

            Assert.True(new FcmOptionsValidator().Validate(null, options).Succeeded);
            Assert.Equal(fcm.ServiceAccountJson, options.ReadServiceAccountJson());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}""")]
    [InlineData("""{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n","project_id":"acme"}""")]
    [InlineData("""{"type":"service_account","project_id":"acme"}""")]
    public void Validate_KeyThatDoesNotParse_SaysSoNamingTheSetting(string json)
    {
        var result = new FcmOptionsValidator().Validate(null, new FcmOptions { ServiceAccountJson = json });

        Assert.StartsWith("Channels:Fcm:ServiceAccountJson is not a usable service account key: ", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_ProblemsWithEachSetting_AreEachNamed()
    {
        var bothKeys = new FcmOptionsValidator().Validate(null, new FcmOptions { ServiceAccountJson = fcm.ServiceAccountJson, ServiceAccountPath = "/keys/fcm.json", BaseUrl = "fcm.googleapis.com", TimeoutSeconds = 0, MaxConcurrentRequests = 0 });
        var noKey = new FcmOptionsValidator().Validate(null, new FcmOptions { ProjectId = "acme" });
        var missingFile = new FcmOptionsValidator().Validate(null, new FcmOptions { ServiceAccountPath = "/nowhere/fcm.json" });
        var badProject = new FcmOptionsValidator().Validate(null, new FcmOptions { ProjectId = "acme/../other", ServiceAccountJson = fcm.ServiceAccountJson });

        Assert.Equal(
            [
                "Channels:Fcm: set ServiceAccountJson or ServiceAccountPath, not both.",
                "Channels:Fcm:BaseUrl 'fcm.googleapis.com' must be an absolute http(s) address, e.g. https://fcm.googleapis.com.",
                "Channels:Fcm:TimeoutSeconds must be between 1 and 300 (it is 0).",
                "Channels:Fcm:MaxConcurrentRequests must be between 1 and 256 (it is 0).",
            ],
            bothKeys.Failures);
        Assert.Equal(["Channels:Fcm:ServiceAccountJson or Channels:Fcm:ServiceAccountPath is required: the service account key from Firebase console → Project settings → Service accounts."], noKey.Failures);
        Assert.Equal(["Channels:Fcm:ServiceAccountPath '/nowhere/fcm.json' does not exist."], missingFile.Failures);
        Assert.Equal(["Channels:Fcm:ProjectId 'acme/../other' is not a Firebase project id (letters, digits and hyphens, as in the Firebase console's project settings)."], badProject.Failures);
    }

    [Fact]
    public async Task Start_KeyThatDoesNotParse_FailsNamingTheSetting()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Channels:Fcm:ServiceAccountJson"] = "{}" });
        builder.AddPushChannel();
        await using var app = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Channels:Fcm:ServiceAccountJson is not a usable service account key", refused.Message);
    }
}
