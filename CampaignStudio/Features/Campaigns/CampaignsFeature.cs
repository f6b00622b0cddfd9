using System.Globalization;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Campaigns.Media;
using CampaignStudio.Features.Demo;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace CampaignStudio.Features.Campaigns;

public static class CampaignsFeature
{
    /// <summary>Campaigns, their senders and fields. The content check is registered here: replace it to check more.</summary>
    public static WebApplicationBuilder AddCampaignsFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddCampaignContent();
        builder.AddMediaLibrary();
        services.AddOptions<DeliveryRateOptions>().Bind(builder.Configuration.GetSection(DeliveryRateOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ICampaignContentValidator, ContentCheckingValidator>();
        services.AddScoped<PersonalizationContactLoader>();
        services.AddSingleton<EventNameCatalog>();
        services.AddScoped<CampaignService>();
        services.AddScoped<CampaignApprovalSettingsService>();
        services.AddSingleton<CampaignApprovalNotices>();
        services.AddScoped<EmailSenderService>();
        services.AddScoped<CampaignFieldService>();
        services.AddScoped<IDemoDataContributor, DemoCampaignsContributor>();
        return builder;
    }

    /// <summary>The campaigns API: list, create, read, replace, and the lifecycle actions.</summary>
    public static RouteGroupBuilder MapCampaignsApi(this RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/campaigns").WithTags("Campaigns");

        campaigns.MapGet("/", async ([AsParameters] CampaignListParameters parameters, CampaignService service, CancellationToken cancellationToken) =>
            {
                var query = parameters.ToQuery();
                var page = await service.ListAsync(query, cancellationToken);
                return TypedResults.Ok(new CampaignList(page.Rows, page.Total, query.Page, Math.Clamp(query.PageSize, 1, CampaignQuery.MaxPageSize)));
            })
            .WithName("ListCampaigns")
            .WithSummary("Campaigns, newest first, a page at a time (page from 0). Filters: status (comma-separated, e.g. draft,scheduled), channel (email, sms, whatsApp, push), createdBy (user id), scheduledFrom/scheduledTo (ISO 8601 instants, to exclusive), segmentId (included segment), search (part of the name), includeArchived. Sort: newest, oldest, name, nameDescending, scheduledFor, scheduledForDescending, recentlyUpdated, status, statusDescending.")
            .RequireAuthorization(Policies.Read)
            .ProducesValidationProblem();

        campaigns.MapPost("/", async (CampaignInput input, CampaignService service, CancellationToken cancellationToken) =>
            {
                var created = await service.CreateAsync(input, cancellationToken);
                return TypedResults.Created($"/api/v1/campaigns/{created.Id.ToString(CultureInfo.InvariantCulture)}", created);
            })
            .WithName("CreateCampaign")
            .WithSummary("Creates a campaign as a draft: name, description, fields, attributes, includeSegmentIds/excludeSegmentIds, channels, content per channel and an optional schedule ({\"kind\":\"at\",\"date\":\"2026-11-01\",\"time\":\"09:30\",\"timeZone\":\"Asia/Kolkata\"}). Schedule it with POST /campaigns/{id}/schedule.")
            .RequireAuthorization(Policies.ManageCampaigns)
            .ProducesValidationProblem();

        campaigns.MapGet("/{id:int}", (int id, CampaignService service, CancellationToken cancellationToken) => service.GetAsync(id, cancellationToken))
            .WithName("GetCampaign")
            .WithSummary("One campaign with its content, audience, schedule, status, revision and the actions allowed now.")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);

        campaigns.MapPut("/{id:int}", (int id, CampaignInput input, CampaignService service, CancellationToken cancellationToken) => service.UpdateAsync(id, input, cancellationToken))
            .WithName("ReplaceCampaign")
            .WithSummary("Replaces a draft or scheduled campaign. \"revision\" must be the campaign's current revision: a 409 says someone changed it since it was read (nothing was saved). A campaign that is sending or done cannot change (409).")
            .RequireAuthorization(Policies.ManageCampaigns)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        MapAction(campaigns, "schedule", "ScheduleCampaign", "Draft → scheduled (or → pendingApproval where the workspace requires approval). Needs an included segment, complete content on every channel, a verified email sender and a send time in the future (400 lists what is missing).",
            (service, id, revision, ct) => service.ScheduleAsync(id, revision, ct));
        MapAction(campaigns, "unschedule", "UnscheduleCampaign", "Scheduled → draft.", (service, id, revision, ct) => service.UnscheduleAsync(id, revision, ct));
        MapAction(campaigns, "withdraw", "WithdrawCampaign", "Pending approval → draft, by whoever created or submitted it, or an admin.", (service, id, revision, ct) => service.WithdrawAsync(id, revision, ct));
        campaigns.MapPost("/{id:int}/approve", (int id, [FromBody] CampaignReviewRequest? request, CampaignService service, CancellationToken cancellationToken) =>
                service.ApproveAsync(id, request?.Revision, request?.Comment, cancellationToken))
            .WithName("ApproveCampaign")
            .WithSummary("Pending approval → scheduled (Admin or Approver; 403 for one's own campaign unless the settings allow it). A send time that passed while it waited starts it within the grace window, later it waits for \"start now\" or a new time. The optional body {\"revision\": n, \"comment\": \"…\"} goes into the change log and refuses it (409) if the campaign changed since revision n; 409 too when it is not waiting for approval.")
            .RequireAuthorization(Policies.ApproveCampaigns)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        campaigns.MapPost("/{id:int}/reject", (int id, [FromBody] CampaignReviewRequest? request, CampaignService service, CancellationToken cancellationToken) =>
                service.RejectAsync(id, request?.Comment, request?.Revision, cancellationToken))
            .WithName("RejectCampaign")
            .WithSummary("Pending approval → draft with a reason: body {\"revision\": n, \"comment\": \"…\"} (comment required, at most 2000 characters; 400 names it). Admin or Approver; 409 when the campaign changed since revision n or is not waiting for approval.")
            .RequireAuthorization(Policies.ApproveCampaigns)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        MapAction(campaigns, "start-now", "StartCampaignNow", "Starts a campaign that missed its send time while CampaignStudio was not running (it waits for this confirmation).", (service, id, revision, ct) => service.ConfirmStartAsync(id, revision, ct));
        MapAction(campaigns, "pause", "PauseCampaign", "Sending → paused: no new messages go out until it is resumed.", (service, id, revision, ct) => service.PauseAsync(id, revision, ct));
        MapAction(campaigns, "resume", "ResumeCampaign", "Paused → sending.", (service, id, revision, ct) => service.ResumeAsync(id, revision, ct));
        MapAction(campaigns, "stop", "StopCampaign", "Sending or paused → stopped: messages not sent yet are not sent.", (service, id, revision, ct) => service.StopAsync(id, revision, ct));
        MapAction(campaigns, "archive", "ArchiveCampaign", "Hides a draft or finished campaign from the list (includeArchived=true shows it).", (service, id, revision, ct) => service.ArchiveAsync(id, revision, ct));
        MapAction(campaigns, "restore", "RestoreCampaign", "Brings an archived campaign back to the list.", (service, id, revision, ct) => service.RestoreAsync(id, revision, ct));

        campaigns.MapPost("/{id:int}/clone", async (int id, CampaignService service, CancellationToken cancellationToken) =>
            {
                var copy = await service.CloneAsync(id, cancellationToken);
                return TypedResults.Created($"/api/v1/campaigns/{copy.Id.ToString(CultureInfo.InvariantCulture)}", copy);
            })
            .WithName("CloneCampaign")
            .WithSummary("Copies a campaign (any status) as a new draft \"Copy of …\".")
            .RequireAuthorization(Policies.ManageCampaigns)
            .ProducesProblem(StatusCodes.Status404NotFound);

        campaigns.MapGet("/{id:int}/changes", (int id, CampaignService service, CancellationToken cancellationToken) => service.GetChangesAsync(id, cancellationToken))
            .WithName("ListCampaignChanges")
            .WithSummary("The campaign's change log, newest first.")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);

        campaigns.MapGet("/{id:int}/content-versions/diff", (int id, int from, int to, CampaignService service, CancellationToken cancellationToken) => service.DiffContentAsync(id, from, to, cancellationToken))
            .WithName("DiffCampaignContent")
            .WithSummary("How content version 'to' differs from version 'from' (0 = no content): per channel, per field, with a line diff of bodies.")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/email-senders", (EmailSenderService service, CancellationToken cancellationToken) => service.ListAsync(cancellationToken))
            .WithName("ListEmailSenders")
            .WithSummary("The email senders a campaign can send as (content.email.senderId).")
            .RequireAuthorization(Policies.Read);

        api.MapGet("/campaign-fields", (CampaignFieldService service, CancellationToken cancellationToken) => service.ListAsync(cancellationToken))
            .WithName("ListCampaignFields")
            .WithSummary("The admin-defined campaign fields (\"fields\" of a campaign), their types and options.")
            .RequireAuthorization(Policies.Read);

        return api;
    }

    private static void MapAction(RouteGroupBuilder campaigns, string action, string name, string summary, Func<CampaignService, int, int?, CancellationToken, Task<CampaignDetails>> act) =>
        campaigns.MapPost($"/{{id:int}}/{action}", (int id, [FromBody] CampaignActionRequest? request, CampaignService service, CancellationToken cancellationToken) =>
                act(service, id, request?.Revision, cancellationToken))
            .WithName(name)
            .WithSummary(summary + " The optional body {\"revision\": n} refuses the action (409) if the campaign changed since revision n.")
            .RequireAuthorization(Policies.ManageCampaigns)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}

/// <summary>The optional body of a lifecycle action.</summary>
public sealed record CampaignActionRequest(int? Revision);

/// <summary>The body of a rejection: the revision it is based on and why.</summary>
public sealed record CampaignReviewRequest(int? Revision, string? Comment);

/// <summary>A page of campaigns as the API returns it.</summary>
public sealed record CampaignList(IReadOnlyList<CampaignRow> Items, int Total, int Page, int PageSize);

/// <summary>The list's query string.</summary>
public sealed class CampaignListParameters
{
    public string? Status { get; set; }

    public string? Channel { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset? ScheduledFrom { get; set; }

    public DateTimeOffset? ScheduledTo { get; set; }

    public int? SegmentId { get; set; }

    public string? Search { get; set; }

    public bool? IncludeArchived { get; set; }

    public string? Sort { get; set; }

    public int? Page { get; set; }

    public int? PageSize { get; set; }

    public CampaignQuery ToQuery()
    {
        var errors = new FieldErrors();
        var statuses = new List<CampaignStatus>();
        foreach (var status in (Status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Parse<CampaignStatus>(status) is { } parsed)
            {
                statuses.Add(parsed);
            }
            else
            {
                errors.Add("status", $"'{status}' is not a status; use {Names<CampaignStatus>()}.");
            }
        }

        Channel? channel = null;
        if (!string.IsNullOrWhiteSpace(Channel))
        {
            channel = Parse<Channel>(Channel.Trim());
            if (channel is null)
            {
                errors.Add("channel", $"'{Channel}' is not a channel; use {Names<Channel>()}.");
            }
        }

        var sort = CampaignSort.Newest;
        if (!string.IsNullOrWhiteSpace(Sort))
        {
            if (Parse<CampaignSort>(Sort.Trim()) is { } parsedSort)
            {
                sort = parsedSort;
            }
            else
            {
                errors.Add("sort", $"'{Sort}' is not a sort; use {Names<CampaignSort>()}.");
            }
        }

        if (Page is < 0)
        {
            errors.Add("page", "Pages count from 0.");
        }

        if (PageSize is < 1 or > CampaignQuery.MaxPageSize)
        {
            errors.Add("pageSize", $"A page has 1 to {CampaignQuery.MaxPageSize} campaigns.");
        }

        errors.ThrowIfAny();
        return new CampaignQuery
        {
            Statuses = statuses,
            Channel = channel,
            CreatedById = string.IsNullOrWhiteSpace(CreatedBy) ? null : CreatedBy.Trim(),
            ScheduledFromUtc = ScheduledFrom?.UtcDateTime,
            ScheduledToUtc = ScheduledTo?.UtcDateTime,
            SegmentId = SegmentId,
            Search = Search,
            IncludeArchived = IncludeArchived ?? false,
            Sort = sort,
            Page = Page ?? 0,
            PageSize = PageSize ?? 25,
        };
    }

    private static T? Parse<T>(string value)
        where T : struct, Enum =>
        !int.TryParse(value, out _) && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;

    private static string Names<T>()
        where T : struct, Enum =>
        string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
}
