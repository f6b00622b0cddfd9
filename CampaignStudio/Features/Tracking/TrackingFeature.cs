using System.Globalization;
using CampaignStudio.Features.Campaigns.Metrics;
using CampaignStudio.Features.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CampaignStudio.Features.Tracking;

public static class TrackingFeature
{
    /// <summary>
    /// Tracking: signed tokens, link rewriting and the open pixel for email, the batched durable hit writer and the folder
    /// that counts what it stored, the metrics (in place of <see cref="NoCampaignMetrics"/>), conversions and reports.
    /// </summary>
    public static WebApplicationBuilder AddTrackingFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TrackingOptions>().Bind(builder.Configuration.GetSection(TrackingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TrackingTokens>();
        services.AddSingleton<CampaignLinkStore>();
        services.AddSingleton<DeliveryLinkTargets>();
        services.AddSingleton<TrackingBatchStore>();
        // The folder is registered before the writer, so it stops after it and counts the writer's last hits.
        services.AddSingleton<TrackingHitFolder>();
        services.AddHostedService(sp => sp.GetRequiredService<TrackingHitFolder>());
        services.AddSingleton<TrackingHitWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<TrackingHitWriter>());
        services.RemoveAll<ICampaignMetrics>();
        services.AddSingleton<ICampaignMetrics, CampaignMetricsService>();
        services.AddScoped<ConversionService>();
        services.AddScoped<TrackingReports>();
        return builder;
    }

    /// <summary>The anonymous tracking endpoints (open pixel, click redirect, conversion pixel).</summary>
    public static IEndpointRouteBuilder MapTracking(this IEndpointRouteBuilder endpoints) => endpoints.MapTrackingEndpoints();

    /// <summary>Conversions and campaign metrics in the API.</summary>
    public static RouteGroupBuilder MapTrackingApi(this RouteGroupBuilder api)
    {
        api.MapPost("/conversions", async (ConversionInput input, ConversionService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.RecordAsync(input, cancellationToken)))
            .WithTags("Tracking")
            .WithName("RecordConversion")
            .WithSummary("Records a conversion (name, value, currency) attributed to one message: by deliveryToken (a tracking token of the message, e.g. the landing page's d parameter), by deliveryId, or by contactId/contactExternalId with campaignId. Answers once it is stored. 400 names each field that is wrong.")
            .RequireAuthorization(Policies.ManageCampaigns)
            .ProducesValidationProblem();

        var campaigns = api.MapGroup("/campaigns/{id:int}").WithTags("Tracking");
        campaigns.MapGet("/metrics", (int id, TrackingReports reports, CancellationToken cancellationToken) => reports.GetMetricsAsync(id, cancellationToken))
            .WithName("GetCampaignMetrics")
            .WithSummary("The campaign's figures: totals and per channel (audience, sent, delivered, failed, bounced, skipped, unique and total opens, automated opens apart, clicks, conversions and their value, unsubscribes, with rates), clicks per link and an hourly series.")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);
        campaigns.MapGet("/metrics.csv", async (int id, TrackingReports reports, CancellationToken cancellationToken) =>
                Results.Text(await reports.ExportMetricsCsvAsync(id, cancellationToken), "text/csv; charset=utf-8"))
            .WithName("ExportCampaignMetrics")
            .WithSummary("The campaign's figures as CSV (cells that a spreadsheet would take for formulas start with ').")
            .RequireAuthorization(Policies.Read);
        campaigns.MapGet("/engagement/{filter}", (int id, string filter, int? page, int? pageSize, TrackingReports reports, CancellationToken cancellationToken) =>
                reports.ListPeopleAsync(id, Filter(filter), page ?? 0, pageSize ?? 50, cancellationToken))
            .WithName("ListEngagedPeople")
            .WithSummary("Who opened, clicked or converted (filter: opened, clicked, converted), newest first, a page at a time.")
            .RequireAuthorization(Policies.Read);
        campaigns.MapGet("/engagement/{filter}/csv", async (int id, string filter, HttpContext context, TrackingReports reports) =>
            {
                var kind = Filter(filter);
                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"campaign-{id.ToString(CultureInfo.InvariantCulture)}-{kind.ToString().ToLowerInvariant()}.csv\"";
                await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false));
                await reports.ExportPeopleCsvAsync(id, kind, writer, context.RequestAborted);
            })
            .WithName("ExportEngagedPeople")
            .WithSummary("Everyone who opened, clicked or converted, as CSV (formula-safe).")
            .RequireAuthorization(Policies.Read);
        return api;
    }

    private static EngagementFilter Filter(string filter) =>
        Enum.TryParse<EngagementFilter>(filter, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw Shared.ValidationFailedException.For("filter", "Choose opened, clicked or converted.");
}
