using System.Globalization;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace CampaignStudio.Features.Campaigns.Pages;

/// <summary>
/// The campaign wizard: basics → audience → channels and content → schedule → review. Every "Save and continue"
/// saves its step (with the step to reopen at) under the revision the page holds; what the service refuses is shown
/// next to the field it names, a conflict offers to reload the other change or to keep this one.
/// </summary>
public partial class CampaignWizardPage : IDisposable
{
    private readonly Dictionary<int, string> segmentNames = [];
    private CampaignWizardForm form = new();
    private ContentEditorContext ctx = default!;
    private CampaignDetails? details;
    private IReadOnlyList<SegmentSummary> segments = [];
    private IReadOnlyList<EmailSenderInfo> senders = [];
    private IReadOnlyList<CampaignFieldInfo> campaignFields = [];
    private IReadOnlyDictionary<string, string[]> errors = new Dictionary<string, string[]>();
    private IReadOnlyList<CampaignContentIssue> reviewIssues = [];
    private SegmentReach? reach;
    private ContactRow? previewContact;
    private string? previewError;
    private string? conflict;
    private string? actionError;
    private Func<Task>? retry;
    private CancellationTokenSource? pendingCount;
    private int? loadedId;
    private int step;
    private int contentTab;
    private bool loading = true;
    private bool notFound;
    private bool canEdit;
    private bool approvalRequired;

    /// <summary>The campaign was scheduled when the wizard opened it (a change may have taken it back to draft for approval).</summary>
    private bool wasScheduled;
    private bool busy;
    private bool counting;
    private bool zoneFromBrowser;

    [Parameter] public int? Id { get; set; }

    /// <summary>A new campaign's send date, e.g. from the calendar: <c>?date=2026-12-01</c> (and optionally <c>&amp;time=09:00</c>).</summary>
    [SupplyParameterFromQuery(Name = "date")] public string? PresetDate { get; set; }

    [SupplyParameterFromQuery(Name = "time")] public string? PresetTime { get; set; }

    private bool HasBlockingErrors => ReviewIssues().Any(i => i.Severity == CampaignContentIssueSeverity.Error);

    protected override async Task OnParametersSetAsync()
    {
        if (loadedId is not null && loadedId == Id)
        {
            return; // The address caught up with a draft this page just created.
        }

        ctx ??= new ContentEditorContext(Renderer);
        loading = true;
        canEdit = await CurrentUser.IsAllowedAsync(Policies.ManageCampaigns);
        approvalRequired = (await ApprovalSettings.GetAsync()).RequireApproval;
        segments = await Segments.ListAsync();
        foreach (var segment in segments)
        {
            segmentNames[segment.Id] = segment.Name;
        }

        senders = await Senders.ListAsync();
        campaignFields = await CampaignFields.ListAsync();
        ctx.CustomFields = [.. (await CustomFields.ListAsync()).Select(f => new PersonalizationCustomField(f.Key, f.Type, f.Label))];
        ctx.EventNames = await EventNames.ListAsync();
        ctx.Model = PersonalizationSample.Create(ctx.CustomFields, eventNames: ctx.EventNames);
        if (Id is { } id)
        {
            try
            {
                Load(await Campaigns.GetAsync(id));
                wasScheduled = details!.Status == CampaignStatus.Scheduled;
                step = Math.Clamp(details!.WizardStep, 0, ReviewStep);
                loadedId = id;
            }
            catch (NotFoundException)
            {
                notFound = true;
            }
        }
        else
        {
            form = new CampaignWizardForm { TimeZone = DefaultZone() };
            if (DateTime.TryParseExact(PresetDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var presetDate))
            {
                form.Date = presetDate;
                form.Time = TimeSpan.TryParseExact(PresetTime, @"hh\:mm", CultureInfo.InvariantCulture, out var presetTime) && presetTime < TimeSpan.FromDays(1)
                    ? presetTime
                    : new TimeSpan(9, 0, 0);
            }
            zoneFromBrowser = true;
        }

        ctx.Form = form;
        ctx.CanEdit = canEdit;
        loading = false;
        if (details is not null && step >= 1)
        {
            await RecountAsync(CancellationToken.None);
            if (step == ReviewStep)
            {
                reviewIssues = details.ContentIssues;
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (zoneFromBrowser)
        {
            zoneFromBrowser = false;
            try
            {
                var zone = await JS.InvokeAsync<string?>("eval", "Intl.DateTimeFormat().resolvedOptions().timeZone");
                if (!string.IsNullOrWhiteSpace(zone) && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _) && details is null)
                {
                    form.TimeZone = zone;
                    StateHasChanged();
                }
            }
            catch (JSException)
            {
                // Keep the server's zone.
            }
        }
    }

    private void Load(CampaignDetails loaded)
    {
        details = loaded;
        form = CampaignWizardForm.From(loaded);
        form.TimeZone ??= DefaultZone();
        foreach (var segment in loaded.IncludeSegments.Concat(loaded.ExcludeSegments))
        {
            segmentNames[segment.Id] = segment.Name;
        }

        if (ctx is not null)
        {
            ctx.Form = form;
        }
    }

    private static string DefaultZone() => TimeZoneInfo.Local.HasIanaId ? TimeZoneInfo.Local.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(TimeZoneInfo.Local.Id, out var iana) ? iana : "UTC";

    private string? Error(string key) => errors.TryGetValue(key, out var messages) && messages.Length > 0 ? string.Join(" ", messages) : null;

    private string? FieldValue(string key) => form.Fields.GetValueOrDefault(key);

    private DateTime? FieldDate(string key) =>
        DateTime.TryParseExact(FieldValue(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private string SegmentName(int id) => segmentNames.GetValueOrDefault(id, $"Segment {id}");

    private void ShowErrors(IReadOnlyDictionary<string, string[]> found)
    {
        errors = found;
        ctx.Errors = found;
    }

    // ---- Navigation ----

    private static string? ContactLabel(ContactRow? c) => c is null ? null : c.Email is null ? c.Name : $"{c.Name} <{c.Email}>";

    private void SetFieldDate(string key, DateTime? date) => form.Fields[key] = date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task PreviewStep(StepperInteractionEventArgs args)
    {
        // Header clicks may go back (or anywhere when only viewing); forward goes through "Save and continue".
        if (args.Action == StepAction.Activate && canEdit && args.StepIndex > step)
        {
            args.Cancel = true;
        }

        return Task.CompletedTask;
    }

    private async Task StepChangedAsync(int index)
    {
        step = index;
        if (step >= 1 && reach is null)
        {
            await RecountAsync(CancellationToken.None);
        }
    }

    private void Back()
    {
        ShowErrors(new Dictionary<string, string[]>());
        actionError = null;
        step = Math.Max(0, step - 1);
    }

    private Task NextAsync() => RunAsync(SaveStepAsync);

    private async Task SaveStepAsync()
    {
        var next = step + 1;
        var local = ValidateLocally();
        if (local.Count > 0)
        {
            ShowErrors(local);
            return;
        }

        switch (step)
        {
            case 0:
                if (details is null)
                {
                    var created = await Campaigns.CreateDraftAsync(form.ToBasics());
                    details = await Campaigns.SaveBasicsAsync(created.Id, form.ToBasics(), created.Revision, next);
                    loadedId = created.Id;
                    Navigation.NavigateTo($"/campaigns/{created.Id}/edit", replace: true);
                }
                else
                {
                    details = await Campaigns.SaveBasicsAsync(details.Id, form.ToBasics(), details.Revision, next);
                }

                break;
            case 1:
                details = await Campaigns.SaveAudienceAsync(details!.Id, form.ToAudience(), details.Revision, next);
                break;
            case 2:
                var content = form.ToContent();
                var blocking = (await ContentValidator.ValidateAsync(content.Channels!.ToFlags(), content.Content!, CancellationToken.None))
                    .Where(i => i.Severity == CampaignContentIssueSeverity.Error)
                    .GroupBy(i => i.Field)
                    .ToDictionary(g => g.Key, g => g.Select(i => i.Message).ToArray());
                if (blocking.Count > 0)
                {
                    ShowErrors(blocking);
                    return;
                }

                details = await Campaigns.SaveContentAsync(details!.Id, content, details.Revision, next);
                break;
            case 3:
                details = await Campaigns.SaveScheduleAsync(details!.Id, form.ToSchedule(), details.Revision, next);
                reviewIssues = details.ContentIssues;
                await RecountAsync(CancellationToken.None);
                break;
        }

        ShowErrors(new Dictionary<string, string[]>());
        step = next;
        if (step == 1)
        {
            await RecountAsync(CancellationToken.None);
        }
    }

    /// <summary>What the page can tell before asking the service: a step needs what the next steps build on.</summary>
    private Dictionary<string, string[]> ValidateLocally()
    {
        var found = new Dictionary<string, string[]>();
        switch (step)
        {
            case 1 when form.Include.Count == 0:
                found["audience.include"] = ["Choose at least one segment to send to."];
                break;
            case 1 when form.Include.Intersect(form.Exclude).Any():
                found["audience.exclude"] = ["A segment cannot be both sent to and left out."];
                break;
            case 2 when form.Channels.Count == 0:
                found["channels"] = ["Choose at least one channel."];
                break;
            case 3 when form.ScheduleKind != CampaignScheduleKind.SendNow:
                if (form.Date is null)
                {
                    found["schedule.date"] = ["Choose the date."];
                }

                if (form.Time is null)
                {
                    found["schedule.time"] = ["Choose the time."];
                }

                if (form.ScheduleKind == CampaignScheduleKind.At && (string.IsNullOrWhiteSpace(form.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(form.TimeZone, out _)))
                {
                    found["schedule.timeZone"] = ["Choose a time zone from the list (e.g. Asia/Kolkata)."];
                }

                if (found.Count == 0 && SendWindow() is { } window && window.Latest <= Clock.GetUtcNow().UtcDateTime)
                {
                    found["schedule.time"] = ["Choose a time in the future."];
                }

                break;
        }

        return found;
    }

    private async Task RunAsync(Func<Task> action)
    {
        busy = true;
        actionError = null;
        try
        {
            await action();
            conflict = null;
            retry = null;
        }
        catch (ValidationFailedException invalid)
        {
            ShowErrors(invalid.Errors);
            actionError = invalid.Errors.Keys.Any(IsShownNextToAField) ? "Correct the fields marked in red." : string.Join(" ", invalid.Errors.SelectMany(e => e.Value));
        }
        catch (ConflictException changed)
        {
            conflict = changed.Message;
            retry = action;
        }
        catch (DomainException refused)
        {
            actionError = refused.Message;
        }
        finally
        {
            busy = false;
        }
    }

    private bool IsShownNextToAField(string key) => step switch
    {
        0 => key is "name" or "description" || key.StartsWith("fields.", StringComparison.Ordinal),
        1 => key.StartsWith("audience.", StringComparison.Ordinal),
        2 => key.StartsWith("content.", StringComparison.Ordinal) || key == "channels",
        3 => key.StartsWith("schedule.", StringComparison.Ordinal),
        _ => false,
    };

    private async Task ReloadTheirsAsync()
    {
        Load(await Campaigns.GetAsync(details!.Id));
        (conflict, retry) = (null, null);
        ShowErrors(new Dictionary<string, string[]>());
        reviewIssues = details!.ContentIssues;
        await RecountAsync(CancellationToken.None);
    }

    private async Task KeepMineAsync()
    {
        var latest = await Campaigns.GetAsync(details!.Id);
        details = latest; // Only its revision matters: the form still holds this user's input.
        if (retry is { } again)
        {
            await RunAsync(again);
        }
    }

    // ---- Review actions ----

    private IEnumerable<CampaignContentIssue> ReviewIssues()
    {
        if (reach is { Matching: 0 } || (reach is null && details?.EstimatedAudience == 0))
        {
            yield return new CampaignContentIssue("audience", "The audience is empty right now: nobody would receive this campaign.", CampaignContentIssueSeverity.Warning);
        }

        if (reach is { Matching: > 0 })
        {
            foreach (var channel in form.Channels.Order().Where(c => reach.Reachable.GetValueOrDefault(c) == 0))
            {
                yield return new CampaignContentIssue("audience", $"Nobody in the audience can be reached by {channel.Display()} (no address or no consent).", CampaignContentIssueSeverity.Warning);
            }
        }

        foreach (var issue in reviewIssues)
        {
            yield return issue;
        }
    }

    private static string IssueLabel(string field) => field switch
    {
        "audience" => "Audience",
        "channels" => "Channels",
        _ when field.StartsWith("content.", StringComparison.Ordinal) => Humanize(field["content.".Length..]),
        _ => Humanize(field),
    };

    private static string Humanize(string key)
    {
        var parts = key.Split('.', 2);
        var channel = parts[0] switch { "email" => "Email", "sms" => "SMS", "whatsApp" => "WhatsApp", "push" => "Push", var other => other };
        if (parts.Length == 1)
        {
            return channel;
        }

        var field = parts[1] switch
        {
            "senderId" => "sender",
            "replyTo" => "reply-to",
            "htmlBody" => "HTML body",
            "textBody" => "plain text",
            "templateName" => "template",
            "imageUrl" => "image",
            "deepLink" => "deep link",
            var other when other.StartsWith("variables[", StringComparison.Ordinal) => "variable " + (int.Parse(other[10..^1], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture),
            var other => other,
        };
        return $"{channel} {field}";
    }

    private Task SaveDraftAsync() => RunAsync(() =>
    {
        Snackbar.Add(details!.Status == CampaignStatus.Draft ? (approvalRequired && wasScheduled ? "Saved as a draft: schedule it again to ask for approval." : "Saved as a draft.") : "Changes saved.", Severity.Success);
        Navigation.NavigateTo($"/campaigns/{details.Id}");
        return Task.CompletedTask;
    });

    private Task ScheduleAsync() => RunAsync(async () =>
    {
        details = await Campaigns.ScheduleAsync(details!.Id, details.Revision);
        Snackbar.Add(details.Status == CampaignStatus.PendingApproval ? $"“{details.Name}” is waiting for approval." : $"“{details.Name}” is scheduled.", Severity.Success);
        Navigation.NavigateTo($"/campaigns/{details.Id}");
    });

    private Task SendNowAsync() => RunAsync(async () =>
    {
        form.ScheduleKind = CampaignScheduleKind.SendNow;
        details = await Campaigns.SaveScheduleAsync(details!.Id, new CampaignScheduleInput { Kind = CampaignScheduleKind.SendNow }, details.Revision, ReviewStep);
        details = await Campaigns.ScheduleAsync(details.Id, details.Revision);
        Snackbar.Add(details.Status == CampaignStatus.PendingApproval ? $"“{details.Name}” is waiting for approval; it goes out as soon as it is approved." : $"“{details.Name}” is going out now.", Severity.Success);
        Navigation.NavigateTo($"/campaigns/{details.Id}");
    });

    // ---- Audience ----

    private Task<IEnumerable<SegmentSummary>> SearchSegments(string? text, CancellationToken _) =>
        Task.FromResult(segments.Where(s => string.IsNullOrWhiteSpace(text) || s.Name.Contains(text, StringComparison.CurrentCultureIgnoreCase)).Take(50));

    private async Task AddSegment(List<int> list, SegmentSummary? segment)
    {
        if (segment is null || list.Contains(segment.Id))
        {
            return;
        }

        list.Add(segment.Id);
        segmentNames[segment.Id] = segment.Name;
        await AudienceChangedAsync();
    }

    private async Task RemoveSegment(List<int> list, int id)
    {
        list.Remove(id);
        await AudienceChangedAsync();
    }

    private async Task NewSegmentAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewSegmentDialog>("Build a segment", new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: SegmentDetails created })
        {
            segments = await Segments.ListAsync();
            await AddSegment(form.Include, new SegmentSummary(created.Id, created.Name, created.Description, created.CreatedByName, created.CreatedUtc, created.UpdatedUtc, created.Revision));
        }
    }

    /// <summary>Debounced: several quick changes count once.</summary>
    private async Task AudienceChangedAsync()
    {
        pendingCount?.Cancel();
        pendingCount = new CancellationTokenSource();
        var token = pendingCount.Token;
        try
        {
            await Task.Delay(300, token);
            await RecountAsync(token);
        }
        catch (OperationCanceledException)
        {
            // A newer change counts.
        }
    }

    private async Task RecountAsync(CancellationToken cancellationToken)
    {
        counting = true;
        StateHasChanged();
        try
        {
            reach = await Campaigns.ReachAsync([.. form.Include], [.. form.Exclude], cancellationToken);
        }
        catch (DomainException refused)
        {
            actionError = refused.Message;
        }
        finally
        {
            counting = false;
            StateHasChanged();
        }
    }

    // ---- Content ----

    private void ToggleChannel(Channel channel, bool on)
    {
        if (on)
        {
            form.Channels.Add(channel);
            if (channel == Channel.Email && form.SenderId is null && senders.Count > 0)
            {
                form.SenderId = (senders.FirstOrDefault(s => s.IsVerified) ?? senders[0]).Id;
            }
        }
        else
        {
            form.Channels.Remove(channel);
        }

        contentTab = Math.Clamp(form.Channels.Order().ToList().IndexOf(channel), 0, Math.Max(0, form.Channels.Count - 1));
    }

    private bool ChannelHasError(Channel channel) => errors.Keys.Any(k => k.StartsWith(CampaignContent.FieldPrefix(channel) + ".", StringComparison.Ordinal));

    private async Task<IEnumerable<ContactRow>> SearchContacts(string? text, CancellationToken cancellationToken)
    {
        var page = await Contacts.ListAsync(new ContactQuery(Search: string.IsNullOrWhiteSpace(text) ? null : text, PageSize: 10), cancellationToken);
        return page.Rows;
    }

    private async Task PreviewAsAsync(ContactRow? contact)
    {
        previewContact = contact;
        previewError = null;
        if (contact is null)
        {
            ctx.Model = PersonalizationSample.Create(ctx.CustomFields, form.Name, ctx.EventNames);
            ctx.ModelName = "Sample contact";
            return;
        }

        try
        {
            var loaded = await ContactLoader.LoadAsync(contact.Id);
            ctx.Model = PersonalizationSample.Create(ctx.CustomFields, form.Name, ctx.EventNames) with { Contact = loaded };
            ctx.ModelName = contact.Name;
        }
        catch (DomainException refused)
        {
            previewError = refused.Message;
        }
    }

    // ---- Schedule ----

    private Task<IEnumerable<string>> SearchZones(string? text, CancellationToken _) =>
        Task.FromResult(TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC")
            .Where(id => string.IsNullOrWhiteSpace(text) || id.Contains(text.Replace(' ', '_'), StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .AsEnumerable());

    private (DateTime Earliest, DateTime Latest)? SendWindow()
    {
        if (form.Date is not { } date || form.Time is not { } time)
        {
            return null;
        }

        try
        {
            var day = DateOnly.FromDateTime(date);
            var at = TimeOnly.FromTimeSpan(time);
            var schedule = form.ScheduleKind == CampaignScheduleKind.At ? CampaignSchedule.At(day, at, form.TimeZone) : CampaignSchedule.AtRecipientLocalTime(day, at);
            return (schedule.EarliestUtc!.Value, schedule.LatestUtc ?? schedule.EarliestUtc.Value);
        }
        catch (DomainException)
        {
            return null;
        }
    }

    private string ScheduleSummary()
    {
        if (form.ScheduleKind == CampaignScheduleKind.SendNow)
        {
            return "Goes out as soon as it is scheduled.";
        }

        if (SendWindow() is not { } window)
        {
            return "Choose a date, a time" + (form.ScheduleKind == CampaignScheduleKind.At ? " and a time zone." : ".");
        }

        var now = Clock.GetUtcNow().UtcDateTime;
        return form.ScheduleKind == CampaignScheduleKind.At
            ? $"{window.Earliest:yyyy-MM-dd HH:mm} UTC ({Relative(window.Earliest - now)})"
            : $"{form.Time:hh\\:mm} in each recipient's time zone: from {window.Earliest:yyyy-MM-dd HH:mm} UTC to {window.Latest:yyyy-MM-dd HH:mm} UTC ({Relative(window.Earliest - now)})";
    }

    public static string Relative(TimeSpan span)
    {
        var past = span < TimeSpan.Zero;
        var abs = span.Duration();
        // Rounded to the nearest unit: a send 2 days 23 hours away is "in 3 days".
        static int Nearest(double units) => (int)Math.Round(units, MidpointRounding.AwayFromZero);
        var text = abs.TotalMinutes < 1 ? "less than a minute"
            : abs.TotalMinutes < 59.5 ? Plural(Nearest(abs.TotalMinutes), "minute")
            : abs.TotalHours < 23.5 ? Plural(Nearest(abs.TotalHours), "hour")
            : Plural(Nearest(abs.TotalDays), "day");
        return past ? $"{text} ago" : $"in {text}";
    }

    public static string Duration(TimeSpan span) => span == TimeSpan.Zero ? "nothing to send"
        : span.TotalSeconds < 60 ? $"about {Math.Max(1, (int)Math.Ceiling(span.TotalSeconds))} s"
        : span.TotalHours < 1 ? $"about {(int)Math.Ceiling(span.TotalMinutes)} min"
        : $"about {span.TotalHours:0.#} h";

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    public void Dispose() => pendingCount?.Cancel();
}
