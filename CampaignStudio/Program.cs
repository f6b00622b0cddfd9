using CampaignStudio;
using CampaignStudio.Components;
using CampaignStudio.Data;
using CampaignStudio.Features.Api;
using CampaignStudio.Features.Audience;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Media;
using CampaignStudio.Features.Campaigns.Pages;
using CampaignStudio.Features.Dashboard;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Demo;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Operations;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Reporting;
using CampaignStudio.Features.Scheduling;
using CampaignStudio.Features.Webhooks;
using CampaignStudio.Features.Tracking;

var command = OperationsCommand.Parse(args);
var builder = WebApplication.CreateBuilder(command.HostArgs);

builder.AddSharedDevelopmentSettings();
builder.Services.AddSingleton(TimeProvider.System);
builder.AddData();
builder.AddIdentityFeature();
builder.AddApiFeature();
builder.AddAudienceFeature();
builder.AddSegmentsFeature();
builder.AddCampaignsFeature();
builder.AddCampaignPages();
builder.AddOutboxFeature();
builder.AddNotificationsFeature();
builder.AddWebhooksFeature();
builder.AddDeliveryFeature();
builder.AddTrackingFeature();
builder.AddScheduling();
builder.AddReportingFeature();
builder.AddDashboardFeature();
builder.AddDemoFeature();
builder.AddUserInterface();

var app = builder.Build();

await app.MigrateDatabaseIfEnabledAsync();
if (command.Verb is not null)
{
    return await command.RunAsync(app.Services, Console.Out, Console.Error);
}

if (command.SeedDemo && !await OperationsCommand.SeedDemoAsync(app.Services, Console.Out, Console.Error))
{
    return 1;
}

app.UseRequestPipeline();
app.UseDeliveryEngine();
app.UseNotifications();
app.MapHealth();
app.MapApiV1().MapAudienceApi().MapSegmentsApi().MapCampaignsApi().MapTrackingApi();
app.MapMediaLibrary();
app.MapDeliveryEndpoints();
app.MapTracking();
app.MapUserInterface();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
