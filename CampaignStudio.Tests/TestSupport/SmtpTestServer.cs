using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CampaignStudio.Features.Delivery.Channels.Email;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// A real SMTP server on loopback for tests: Python's aiosmtpd (Debian <c>python3-aiosmtpd</c>, installed by
/// run-tests.sh) in a child process, on a free port of its own. Every accepted message is kept as received (raw bytes
/// and envelope) and read back through <see cref="Messages"/>; every connection, MAIL and AUTH is recorded.
/// <para>
/// It can offer or require STARTTLS with a self-signed certificate made for the run, require AUTH PLAIN/LOGIN, refuse
/// given recipients (or all) with any reply such as <c>550 5.1.1 …</c> or <c>451 4.3.0 …</c>, refuse DATA, answer
/// DATA slowly, and be stopped and started again on the same port to play a server that is down. Refusals and delays
/// can change while it runs; each test starts its own server, so tests run in parallel.
/// </para>
/// </summary>
/// <remarks>
/// The interpreter is <c>CAMPAIGNSTUDIO_TEST_PYTHON</c> when set, else Debian's <c>/usr/bin/python3</c> (a python3
/// earlier on the PATH may be another installation without aiosmtpd), else <c>python3</c>.
/// </remarks>
/// <example>
/// <code>
/// await using var smtp = await SmtpTestServer.StartAsync(new() { OfferStartTls = true, UserName = "u", Password = "p" });
/// await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite, smtp.ChannelSettings());   // Channels:Smtp:*
/// smtp.RefuseRecipient("gone@example.test", "550 5.1.1 No such user");
/// smtp.RefuseAllRecipients("451 4.3.0 Try again later");  …  smtp.RefuseAllRecipients(null);
/// await smtp.StopAsync();  …  await smtp.StartAgainAsync();
/// var received = await smtp.WaitForMessagesAsync(3);   // received[0].Parse() is a MimeMessage
/// </code>
/// </example>
public sealed class SmtpTestServer : IAsyncDisposable
{
    public const string PythonEnvironmentVariable = "CAMPAIGNSTUDIO_TEST_PYTHON";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly SmtpTestServerOptions options;
    private readonly string folder;
    private readonly string spool;
    private readonly string configPath;
    private readonly Lock rulesGate = new();
    private readonly JsonObject rules = new() { ["recipients"] = new JsonObject() };
    private Process? process;
    private StringBuilder errors = new();

    private SmtpTestServer(SmtpTestServerOptions options, string folder, int port, X509Certificate2? certificate)
    {
        this.options = options;
        this.folder = folder;
        spool = Path.Combine(folder, "spool");
        configPath = Path.Combine(folder, "server.json");
        Port = port;
        Certificate = certificate;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The self-signed certificate the server offers with STARTTLS (null without <see cref="SmtpTestServerOptions.OfferStartTls"/>).</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The certificate's SHA-256 thumbprint, as <c>Channels:Smtp:TrustedCertificateThumbprints</c> takes it.</summary>
    public string? CertificateThumbprint => Certificate?.GetCertHashString(HashAlgorithmName.SHA256);

    public bool IsRunning => process is { HasExited: false };

    /// <summary>The messages accepted so far, oldest first, across restarts.</summary>
    public IReadOnlyList<SmtpTestMessage> Messages =>
    [
        .. Directory.EnumerateFiles(spool, "*.eml").Order(StringComparer.Ordinal).Select(ReadMessage),
    ];

    /// <summary>TCP connections accepted so far (a STARTTLS upgrade is the same connection).</summary>
    public int ConnectionCount => Events("connect").Count;

    /// <summary>MAIL FROM commands the server accepted, each with whether the session was encrypted then.</summary>
    public IReadOnlyList<(string Sender, bool OverTls)> MailCommands =>
        [.. Events("mail").Select(e => (e.GetProperty("sender").GetString() ?? "", e.GetProperty("tls").GetBoolean()))];

    /// <summary>AUTH attempts: the user name given, whether it was right, and whether the session was encrypted.</summary>
    public IReadOnlyList<(string? UserName, bool Succeeded, bool OverTls)> AuthAttempts =>
        [.. Events("auth").Select(e => (e.GetProperty("user").GetString(), e.GetProperty("ok").GetBoolean(), e.GetProperty("tls").GetBoolean()))];

    /// <summary>Starts a server on a free loopback port; fails with the reason when python3 or aiosmtpd is missing.</summary>
    public static async Task<SmtpTestServer> StartAsync(SmtpTestServerOptions? options = null)
    {
        options ??= new SmtpTestServerOptions();
        if (options.RequireStartTls && !options.OfferStartTls)
        {
            throw new ArgumentException("RequireStartTls needs OfferStartTls.", nameof(options));
        }

        var folder = Path.Combine(Path.GetTempPath(), "campaignstudio-tests", "smtp-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(folder, "spool"));
        var certificate = options.OfferStartTls ? CreateCertificate(folder) : null;
        var server = new SmtpTestServer(options, folder, FreePort(), certificate);
        server.WriteConfig();
        server.WriteRules();
        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// The <c>Channels:Smtp</c> settings that point the app at this server: STARTTLS (required) with the certificate
    /// trusted by thumbprint when the server offers it, else no encryption; AUTH when it requires it.
    /// </summary>
    public Dictionary<string, string?> ChannelSettings(int poolSize = 2)
    {
        const string section = SmtpOptions.SectionName;
        var settings = new Dictionary<string, string?>
        {
            [$"{section}:Host"] = Host,
            [$"{section}:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{section}:Security"] = (options.OfferStartTls ? SmtpSecurity.StartTls : SmtpSecurity.None).ToString(),
            [$"{section}:PoolSize"] = poolSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{section}:TimeoutSeconds"] = "10",
        };
        if (CertificateThumbprint is not null)
        {
            settings[$"{section}:TrustedCertificateThumbprints:0"] = CertificateThumbprint;
        }

        if (options.UserName is not null)
        {
            settings[$"{section}:UserName"] = options.UserName;
            settings[$"{section}:Password"] = options.Password;
        }

        return settings;
    }

    /// <summary>The same as <see cref="ChannelSettings"/>, as an options object for building the channel by hand.</summary>
    public SmtpOptions ChannelOptions(int poolSize = 2) => new()
    {
        Host = Host,
        Port = Port,
        Security = options.OfferStartTls ? SmtpSecurity.StartTls : SmtpSecurity.None,
        PoolSize = poolSize,
        TimeoutSeconds = 10,
        TrustedCertificateThumbprints = CertificateThumbprint is null ? [] : [CertificateThumbprint],
        UserName = options.UserName,
        Password = options.Password,
    };

    /// <summary>Answers RCPT TO for <paramref name="address"/> with <paramref name="reply"/>, e.g. <c>550 5.1.1 No such user</c>.</summary>
    public void RefuseRecipient(string address, string reply) => ChangeRules(r => r["recipients"]![address.ToLowerInvariant()] = reply);

    /// <summary>Answers every RCPT TO with <paramref name="reply"/>, e.g. <c>451 4.3.0 Try again later</c>; null stops it.</summary>
    public void RefuseAllRecipients(string? reply) => ChangeRules(r => r["all"] = reply);

    /// <summary>Answers the end of DATA with <paramref name="reply"/> (the message is not kept); null stops it.</summary>
    public void RefuseData(string? reply) => ChangeRules(r => r["data"] = reply);

    /// <summary>Waits this long before answering the end of DATA (a slow server); null or zero stops it.</summary>
    public void DelayData(TimeSpan? delay) => ChangeRules(r => r["dataDelayMs"] = (int)(delay?.TotalMilliseconds ?? 0));

    /// <summary>Back to accepting everything at once.</summary>
    public void ClearRules() => ChangeRules(r =>
    {
        r["recipients"] = new JsonObject();
        r.Remove("all");
        r.Remove("data");
        r.Remove("dataDelayMs");
    });

    /// <summary>Waits until at least <paramref name="count"/> messages were accepted (10 s by default).</summary>
    public async Task<IReadOnlyList<SmtpTestMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var messages = Messages;
            if (messages.Count >= count)
            {
                return messages;
            }

            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"The SMTP test server received {messages.Count} message(s), not {count}.");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Stops the server: open connections are cut and new ones refused, as when a real server goes down.</summary>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    /// <summary>Starts the server (again) on the same port, keeping what it received and its rules.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            return;
        }

        errors = new StringBuilder();
        var start = new ProcessStartInfo(PythonInterpreter())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(Path.Combine(folder, "smtp_test_server.py"));
        start.ArgumentList.Add(configPath);
        var started = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        process = started;
        started.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        started.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(StartTimeout);
        string? line;
        try
        {
            // The port may still be held for a moment after a stop; the script retries binding for a few seconds.
            line = await started.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        if (line != "READY")
        {
            await StopAsync();
            string detail;
            lock (errors)
            {
                detail = errors.ToString().Trim();
            }

            throw new InvalidOperationException(
                $"The SMTP test server did not start on {Host}:{Port} ({start.FileName}): {(detail.Length > 0 ? detail : line ?? "no answer")}. " +
                $"It needs Debian's python3-aiosmtpd (apt-get install python3-aiosmtpd; run-tests.sh installs it), or {PythonEnvironmentVariable} naming a python3 that has aiosmtpd.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Certificate?.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by the dying process: the temp folder is cleaned up by the system later.
        }
    }

    private static string PythonInterpreter() =>
        Environment.GetEnvironmentVariable(PythonEnvironmentVariable) is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 CreateCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=smtp-test.localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));
        File.WriteAllText(Path.Combine(folder, "certificate.pem"), created.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return X509CertificateLoader.LoadCertificate(created.RawData);
    }

    private void WriteConfig()
    {
        File.WriteAllText(Path.Combine(folder, "smtp_test_server.py"), Script);
        var config = new JsonObject
        {
            ["host"] = Host,
            ["port"] = Port,
            ["spool"] = spool,
            ["rules"] = Path.Combine(folder, "rules.json"),
            ["certificate"] = Certificate is null ? null : Path.Combine(folder, "certificate.pem"),
            ["key"] = Certificate is null ? null : Path.Combine(folder, "key.pem"),
            ["requireStartTls"] = options.RequireStartTls,
            ["user"] = options.UserName,
            ["password"] = options.Password,
        };
        File.WriteAllText(configPath, config.ToJsonString());
    }

    private void ChangeRules(Action<JsonObject> change)
    {
        lock (rulesGate)
        {
            change(rules);
            WriteRules();
        }
    }

    /// <summary>Replaces the rules file in one step; the script reads it again when it changed.</summary>
    private void WriteRules()
    {
        var path = Path.Combine(folder, "rules.json");
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(temporary, rules.ToJsonString());
        File.Move(temporary, path, overwrite: true);
    }

    private List<JsonElement> Events(string kind)
    {
        var path = Path.Combine(spool, "events.log");
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var found = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            if (line.EndsWith('}'))
            {
                var element = JsonDocument.Parse(line).RootElement;
                if (element.GetProperty("event").GetString() == kind)
                {
                    found.Add(element);
                }
            }
        }

        return found;
    }

    private static SmtpTestMessage ReadMessage(string emlPath)
    {
        using var envelope = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(emlPath, ".json")));
        var root = envelope.RootElement;
        return new SmtpTestMessage(
            root.GetProperty("mailFrom").GetString() ?? "",
            [.. root.GetProperty("rcptTos").EnumerateArray().Select(r => r.GetString() ?? "")],
            root.GetProperty("tls").GetBoolean(),
            root.GetProperty("auth").GetString(),
            File.ReadAllBytes(emlPath));
    }

    /// <summary>The server: one process, asyncio, aiosmtpd's SMTP protocol with a handler that keeps what it accepts.</summary>
    private const string Script = """
        import asyncio, json, os, ssl, sys, time

        try:
            from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
        except ImportError as error:
            print("aiosmtpd is not installed for " + sys.executable + ": " + str(error), file=sys.stderr, flush=True)
            sys.exit(3)

        with open(sys.argv[1]) as f:
            config = json.load(f)
        spool = config["spool"]
        events_path = os.path.join(spool, "events.log")
        rules_state = {"key": None, "rules": {}}
        sequence = [0]


        def event(**fields):
            with open(events_path, "a") as f:
                f.write(json.dumps(fields) + "\n")


        def rules():
            try:
                stat = os.stat(config["rules"])
            except FileNotFoundError:
                return {}
            key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if key != rules_state["key"]:
                with open(config["rules"]) as f:
                    rules_state["rules"] = json.load(f)
                rules_state["key"] = key
            return rules_state["rules"]


        def user_of(session):
            return session.auth_data if session.authenticated else None


        class Handler:
            async def handle_MAIL(self, server, session, envelope, address, mail_options):
                event(event="mail", sender=address, tls=session.ssl is not None)
                envelope.mail_from = address
                envelope.mail_options.extend(mail_options)
                return "250 OK"

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                current = rules()
                reply = current.get("recipients", {}).get(address.lower()) or current.get("all")
                if reply:
                    event(event="rcpt-refused", recipient=address, reply=reply)
                    return reply
                envelope.rcpt_tos.append(address)
                envelope.rcpt_options.extend(rcpt_options)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                current = rules()
                delay = current.get("dataDelayMs") or 0
                if delay:
                    await asyncio.sleep(delay / 1000)
                if current.get("data"):
                    return current["data"]
                sequence[0] += 1
                name = os.path.join(spool, "%020d-%06d" % (time.time_ns(), sequence[0]))
                with open(name + ".json", "w") as f:
                    json.dump({"mailFrom": envelope.mail_from, "rcptTos": envelope.rcpt_tos,
                               "tls": session.ssl is not None, "auth": user_of(session)}, f)
                with open(name + ".tmp", "wb") as f:
                    f.write(envelope.original_content)
                os.replace(name + ".tmp", name + ".eml")
                return "250 2.0.0 OK queued as %06d" % sequence[0]


        def authenticator(server, session, envelope, mechanism, auth_data):
            user = auth_data.login.decode("utf-8", "replace") if isinstance(auth_data, LoginPassword) else None
            ok = (isinstance(auth_data, LoginPassword) and user == config["user"]
                  and auth_data.password.decode("utf-8", "replace") == config["password"])
            event(event="auth", mechanism=mechanism, user=user, ok=ok, tls=session.ssl is not None)
            return AuthResult(success=ok, handled=False, auth_data=user if ok else None)


        tls = None
        if config.get("certificate"):
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.load_cert_chain(config["certificate"], config["key"])


        def session():
            event(event="connect")
            return SMTP(Handler(), hostname="smtp-test.localhost", ident="CampaignStudio test SMTP",
                        tls_context=tls, require_starttls=bool(config.get("requireStartTls")),
                        auth_required=bool(config.get("user")),
                        auth_require_tls=tls is not None,
                        authenticator=authenticator if config.get("user") else None)


        async def main():
            loop = asyncio.get_running_loop()
            for attempt in range(100):
                try:
                    server = await loop.create_server(session, config["host"], config["port"], reuse_address=True)
                    break
                except OSError:
                    if attempt == 99:
                        raise
                    await asyncio.sleep(0.05)
            print("READY", flush=True)
            # Ends with the test process: its end of stdin closes.
            await loop.run_in_executor(None, sys.stdin.read)
            server.close()


        asyncio.run(main())
        """;
}
