// One catalogue of what can go wrong and what the person is told. Nothing else invents error text:
// the bot and the cards look messages up here by code.

export const USER_MESSAGES = {
  /** A work account where a personal one is needed: Partner Center's warning in plain words. */
  'personal-expected-got-work':
    'That was a work account. Partner University and Microsoft Learning need your personal Microsoft account — the one you use for Outlook.com, Xbox or Skype, not your work email. Nothing was saved. Try again and pick your personal account.',
  /** A personal account where a work one is needed. */
  'work-expected-got-personal':
    'That was a personal Microsoft account. Partner Center knows you by your work account — the email your organization gave you (like you@yourcompany.com). Nothing was saved. Try again and sign in with your work account.',
  'work-tenant-mismatch':
    'That work account belongs to a different organization than this Teams. Sign in with the work account of the organization you are chatting from. Nothing was saved.',
  'work-user-mismatch':
    'That work account is not the one you are signed in to Teams with. Sign in with your own work account — links are personal, and nobody can make them for someone else. Nothing was saved.',
  'sign-in-incomplete': "The sign-in didn't finish, so nothing was changed. Select the button again to start over.",
  'sign-in-expired':
    'That sign-in took too long and has expired. Nothing was changed. Select the button again to start over.',
  'sign-in-cancelled': 'Sign-in cancelled. Nothing was changed.',
  'sign-in-already-pending':
    'You already have a sign-in in progress. Finish it on its sign-in card, or type **cancel** to start over.',
  'sign-in-service-unavailable':
    "I can't reach the Microsoft sign-in service right now. Nothing was changed. Please try again in a few minutes.",
  'identity-unavailable':
    "I couldn't read who signed in from Microsoft Graph, so nothing was changed. Please try again in a few minutes.",
  'already-linked': 'That account is already linked. Nothing needed to change.',
  'purpose-taken':
    'A different personal account is already linked here. Remove it first on the card, then link the one you want.',
  'held-by-colleague':
    "That Microsoft account is already linked to another person in your organization, so I can't link it to you. Ask your Partner Center admin (a Global admin or partner admin) to look into it.",
  'cool-off':
    "You've attempted to associate with a partner organization. However, Partner Center requires a period of 30 days between associations. Your next available date for a subsequent association is {date}.",
  'yearly-limit':
    'A Microsoft Learning account can be associated at most 3 times a year. Your next available date for a subsequent association is {date}.',
  'move-expired': 'That request has expired or was already answered. Here is where things stand now.',
  'move-cancelled': 'Okay, nothing was moved. Your Microsoft Learning account still credits the other organization.',
  'stale-card': 'That card was out of date. Here is where things stand now.',
  'already-removed': 'That was already removed. Here is where things stand now.',
  'bad-card-action':
    "I couldn't read that button press — the card may be from an older version of Partner Link. Here is a fresh card; please use its buttons.",
  'not-in-teams':
    'Partner Link works in a 1:1 chat in Microsoft Teams, where it can tell which organization you belong to. Open it in Teams to link your accounts.',
  'tab-sign-in-needed': 'Sign in to see your learning links.',
  'tab-sign-in-refused':
    "Your sign-in couldn't be checked, so nothing is shown and nothing was changed. Close and reopen the tab to sign in again; if it keeps happening, tell your IT admin (reason: {reason}).",
  'tab-sign-in-expired':
    'Your sign-in has expired and nothing was changed. Reopen the tab (or reload the page) to sign in again.',
  'tab-wrong-organization':
    'That work account belongs to a different organization than this Partner Link. Sign in with the work account of your organization. Nothing was changed.',
  'tab-personal-account':
    'That was a personal Microsoft account. The tab needs your work account — the email your organization gave you. Nothing was changed.',
  'tab-off':
    'The Partner Link tab is not set up on this server yet, so it cannot show your learning links. Use the chat with Partner Link instead. (IT admins: see "Personal tab" in the README.)',
  'tab-stale': 'Something changed since this page was loaded, so nothing was removed. Here is where things stand now.',
  'tab-bad-request': "That request didn't make sense to me, so nothing was changed. Reload the tab and try again.",
  'tab-not-in-teams': 'Open Partner Link in Microsoft Teams to use this tab: it signs you in with your Teams account.',
  'tab-link-in-teams': 'Linking happens in your chat with Partner Link: open the chat and select "{title}" there.',
  'tab-link-locally':
    'Linking happens in the chat: open the local chat (Agents Playground) and select "{title}" there.',
  // Teams only; group chats and channels continue in the person's 1:1 chat; what a person sees.
  'teams-only':
    'Partner Link works in Microsoft Teams. Open it in Teams to see or change your learning links; nothing was read or saved here.',
  'private-sign-in-sent':
    "I've sent you a private message to sign in: linking accounts happens in your 1:1 chat with Partner Link.",
  'private-status-sent':
    "I've sent you a private message: your learning links are shown only in your 1:1 chat with Partner Link.",
  'private-chat-not-installed':
    "I can't message you privately yet. [Add Partner Link for yourself]({link}), then try again.",
  'private-chat-not-installed-no-link':
    "I can't message you privately yet. Add Partner Link for yourself (Apps in Teams, or ask your Teams admin), then try again.",
  'private-chat-failed':
    "I couldn't open a private chat with you just now, so nothing was changed. Open your 1:1 chat with Partner Link and try there.",
  'no-sign-in-here': 'Sign-ins happen in your 1:1 chat with Partner Link, so there is nothing to cancel here.',
  'bad-card-action-shared':
    "I couldn't read that button press, so nothing was changed. Type **help** to see what I can do.",
  'sign-in-code-wrong':
    "That code didn't work: each code works once, and only for the sign-in that showed it. Select the button on the sign-in card again, sign in, and type the new code — or type **cancel** to stop.",
  'already-has-training': 'You already have Partner University access. This is what is linked now.',
  'already-has-learning': 'Your Microsoft Learning account is already associated. This is what is linked now.',
  'sign-in-both-steps': 'Follow the sign-in card: first your work account, then your personal Microsoft account.',
  'sign-in-personal-step':
    'Your work account is already confirmed. Sign in with your personal Microsoft account on the sign-in card.',
  /** Learn transcript share links and certifications. */
  'transcript-link-ask':
    "Share your Microsoft Learn transcript so your certifications show here and count for your organization: on Microsoft Learn open your profile → Transcript → Share link, copy the link and paste it in this chat. I keep only your certifications (name, number, status, dates) and passed exams. Its contact email and Learn user name (or certification ID) are only compared, as keyed hashes, and never kept; your legal name isn't read. A link doesn't prove whose transcript it is, so paste only your own: it counts when its contact email is the personal account you associated, and for one person in your organization.",
  'transcript-link-invalid':
    "That isn't a Microsoft Learn transcript share link, so nothing was changed. A share link looks like https://learn.microsoft.com/en-us/users/your-name/transcript/abc123xyz — find yours on Microsoft Learn under your profile → Transcript → Share link.",
  'transcript-not-shared':
    "Your Microsoft Learn transcript is no longer shared, so I can't read your certifications. To share it again: Microsoft Learn profile → Transcript → Share link, then paste the new link here. What I read before is kept until then.",
  'transcript-not-shared-nothing-read':
    "That transcript link is not shared, or no longer shared, on Microsoft Learn, so I couldn't read your certifications. To share it again: Microsoft Learn profile → Transcript → Share link, then paste the new link here.",
  'learn-unavailable':
    "I can't reach Microsoft Learn right now. Nothing was lost: the card shows what I read before, with its date. I'll try again later, or type **refresh**.",
  'learn-unavailable-no-cache':
    "I can't reach Microsoft Learn right now, so I couldn't read your certifications yet. Your link is saved; I'll try again later, or type **refresh**.",
  'transcript-email-differs':
    "The contact email on that transcript isn't the personal account you associated ({masked}), so its certifications don't count for your organization. If it is your own transcript (for example with your work email as its contact), select **This transcript is mine**: it is then shown as self-declared, and counts once a partner admin approves it. If it isn't, paste your own link.",
  'transcript-link-needs-learning':
    'Certifications come from the Microsoft Learning account you associate here. Associate it first on the card (**Associate Microsoft Learning account**), then paste your transcript share link. Nothing was saved.',
  'transcript-link-in-group':
    "Please don't share your transcript link here: anyone who has it can read your whole transcript. Paste it in your 1:1 chat with Partner Link instead — and on Microsoft Learn you can stop sharing this link and create a new one. Nothing was saved.",
  'transcript-read': 'Read {count} from your Microsoft Learn transcript.',
  'transcript-refreshed': 'Your certifications were read again from Microsoft Learn just now.',
  'transcript-input-empty':
    'Paste your transcript share link into the box first, then select the button. Nothing was changed.',
  'reminders-off': 'Renewal reminders are off. Nothing more will be sent; turn them on again here at any time.',
  'reminders-on':
    'Renewal reminders are on: I will message you when a certification can be renewed, and 30 days before it expires.',
  /** Verified credit: email-matched transcripts, one person per transcript, self-declared ones approved by a partner admin. */
  'transcript-email-not-compared':
    "Partner Link has no address of your associated Microsoft Learning account to compare with (it was associated before Partner Link compared addresses, or the account has no email address), so no transcript can be matched to it by email and its certifications don't count for your organization yet. To have it matched, remove the association and associate your account again (Partner Center's limits on associations apply). Or, if this is your transcript, select **This transcript is mine**: it is then shown as self-declared, and counts once a partner admin approves it.",
  'transcript-held-in-org':
    "That transcript already counts for someone else in your organization (or waits for a partner admin's approval for them), so I didn't save it for you: each transcript counts for one person. If it is yours, ask your partner admin to look into it. Nothing was changed.",
  'transcript-held-in-org-dropped':
    'That transcript now counts for someone else in your organization (each transcript counts for one person), so I removed its link here. If it is yours, ask your partner admin to look into it; otherwise paste your own link.',
  'transcript-self-declared':
    "**Self-declared**: you said this transcript is yours although its contact email isn't your associated account. Your manager sees it marked so, and it counts for your organization once a partner admin approves it.",
  'transcript-approved':
    '**Self-declared, approved by a partner admin**: its certifications count for your organization.',
  'transcript-declined':
    "**Self-declared, declined by a partner admin**: its certifications don't count for your organization. If that's a mistake, talk to your partner admin; to share another transcript, paste its link.",
  'transcript-declared-asked':
    "Thanks. I've asked your partner admins to approve it; until then it is shown as self-declared and doesn't count for your organization.",
  'transcript-declared-no-admins':
    'Thanks. It is shown as self-declared and counts for your organization only once a partner admin approves it, but no partner admins are set up in Partner Link to ask: tell your IT admin.',
  'transcript-declared-admins-unreachable':
    "Thanks. It is shown as self-declared and counts for your organization only once a partner admin approves it. I couldn't reach your partner admins just now: ask one of them to look at it.",
  'credit-approval-request':
    "**{name}** says a Microsoft Learn transcript is theirs although its contact email isn't the personal Microsoft account they associated. It lists {count}. It doesn't count for the organization's credit unless a partner admin approves it.",
  'credit-approval-hint':
    'Check with them before you approve: approving counts these certifications for the organization. Your decision is written in the audit log.',
  'credit-approved':
    "Approved: {name}'s certifications now count for the organization. The decision is in the audit log.",
  'credit-declined':
    "Declined: {name}'s certifications don't count for the organization. The decision is in the audit log.",
  'credit-decision-already': 'A partner admin already {decision} that transcript, so nothing was changed.',
  'credit-decision-stale':
    'That request is no longer waiting for a decision (they shared another transcript, or removed it), so nothing was changed.',
  'credit-decision-not-admin':
    'Only partner admins can approve or decline a self-declared transcript, so nothing was changed.',
  'credit-decision-own': "You can't decide on your own transcript: another partner admin has to. Nothing was changed.",
  'credit-decision-unavailable':
    "I couldn't check with Microsoft Graph that you are a partner admin just now, so nothing was changed. Please try again in a minute.",
  'learn-read-limited':
    "I read this transcript from Microsoft Learn less than a minute ago, so I didn't read it again: the card shows what I read then. Try again {wait}.",
  'transcript-paste-limited':
    "You've pasted several transcript links in a short while, so I didn't take this one and nothing was changed. Try again {wait}.",
  'nothing-to-cancel': 'There is no sign-in in progress, so there is nothing to cancel.',
  'data-deleted':
    'Your data was deleted: no accounts are linked any more, and your transcript link, certifications and reminders are gone. Kept for 365 days, under keyed hashes only (never your name, an address or an account id): a dated record that this happened, the dates your Learning account was associated, and the log of team status views that names you as viewer or as manager.',
  internal:
    'Something went wrong on my side and nothing was changed. Please try again; if it keeps happening, tell your IT admin (reference {ref}).',
  /** Proactive renewal reminders (src/certifications/renewal-reminders.ts). */
  'renewal-window-open':
    'Your certification **{name}** ({number}) expires on {date}. Its renewal is open now: renew it for free with the online renewal assessment on Microsoft Learn.',
  'renewal-last-30-days':
    'Your certification **{name}** ({number}) expires in less than 30 days, on {date}. Renew it for free with the online renewal assessment on Microsoft Learn before then, or it has to be earned again.',
  'renewal-how': 'Passing it adds one year to the certification.',
  'renewal-several':
    'Renewal is open for {count} of your certifications. Renew each for free with its online renewal assessment on Microsoft Learn before it expires:',
  'renewal-line-window-open': 'expires {date}',
  'renewal-line-last-30-days': 'expires {date}, in less than 30 days',
  'renewal-how-several': 'Passing a renewal assessment adds one year to that certification.',
  'renewal-turn-off':
    'You get these reminders because they are on for you; you can turn them off on your Partner Link card.',
  /** Team status for managers (src/team-status/, link-reminders.ts there). */
  'link-reminder':
    'Your manager asked me to remind you: link your work account with the personal Microsoft account behind your training and certifications, so your organization gets credit for them. It takes a minute, and only you can do it.',
  'link-reminder-privacy':
    'Your manager sees only *whether* each account is linked, never which account or its address.',
  'link-reminder-from-partner-admin':
    'A partner admin in your organization asked me to remind you: link your work account with the personal Microsoft account behind your training and certifications, so your organization gets credit for them. It takes a minute, and only you can do it.',
  'link-reminder-privacy-partner-admin':
    "Your organization's partner admins and your manager see only *whether* each account is linked, never which account or its address.",
  'what-your-manager-sees':
    "What your manager can see: whether your Partner University and Microsoft Learning accounts are linked (yes or no, never which account or its address), how many active certifications you have and how many expire within 6 months. Managers further up your management chain and your organization's partner admins can see the same; nobody else can. Sharing or owning a team with you shows others only that team's counts (how many people linked, certified), never your own status. Each time someone views it, that is written in the audit log.",
  'team-no-reports':
    "Graph lists nobody reporting to you, so there is no team status to show. If that's wrong, ask your IT admin to set your reports in Microsoft Entra ID.",
  'team-not-allowed':
    "I can't show that: per-person status is only for the people you manage (directly or down the chain) and for partner admins. Nothing about anyone was shown.",
  'team-channel-counts-only':
    'Only counts here, for everyone in the team. Per-person detail goes to a 1:1 chat with me only for the people the asker manages (directly or down the chain), or to a partner admin; owning the team adds nothing.',
  'team-none-you-manage':
    'Nobody in this team reports to you, directly or down the chain, so there is no per-person detail for you here: owning or belonging to a team shows its counts in the channel, nothing more. Nothing about anyone was shown.',
  'team-managed-members-only': 'Only the members of this team you manage, directly or down the chain, are listed.',
  'team-wrong-work-account':
    'That work account is not the one you are signed in to Teams with, so I showed nothing and signed it out. Ask again and sign in with your own work account.',
  'team-wrong-organization':
    'That work account belongs to a different organization than this Teams, so I showed nothing and signed it out. Ask again and sign in with the work account of the organization you are chatting from.',
  'team-personal-account':
    'That was a personal Microsoft account, so I showed nothing and signed it out. Team status needs your work account — the email your organization gave you (like you@yourcompany.com). Ask again and sign in with it.',
  'tab-team-wrong-account':
    'Microsoft Graph answered for a different account than the one signed in to this tab, so nothing was shown. Close and reopen the tab to sign in again; if it keeps happening, tell your IT admin.',
  'team-detail-sent-private': "I've sent you the per-person detail in our 1:1 chat.",
  'team-graph-unavailable':
    "I couldn't read your team from Microsoft Graph just now, so I showed nothing. Please try again in a minute.",
  'team-unknown-to-graph':
    "Microsoft Graph has no team with this team's id ({id}), so I can't count its members, and asking again won't change that. If the team was created in the last few minutes, Graph may not list it yet; otherwise ask your Teams admin whether this team still exists. The status of your own reports is in our 1:1 chat: say \"team status\" there.",
  'team-no-app-access':
    "Reading a team's members needs Partner Link's own access to Microsoft Graph, and this installation has none set up, so asking again won't help. Ask whoever runs Partner Link to set up its app credentials for Microsoft Graph. The status of your own reports is in our 1:1 chat: say \"team status\" there.",
  'team-channel-only':
    'Team status works in a team channel (counts for the team) or in our 1:1 chat (your reports). In a group chat there is no team to count.',
  'team-sign-in-card': 'Team status reads your reports from Microsoft Graph with your work account.',
  'team-sign-in-first':
    'To show your team, I read your reports from Microsoft Graph with your work account: sign in on the sign-in card, and your team appears here.',
  'team-sign-in-again': 'Your work sign-in has expired. Sign in again and ask once more; nothing was lost.',
  'team-consent-missing':
    'Microsoft Graph listed your reports without their names: the work connection needs the User.ReadBasic.All permission with admin consent. Ask your IT admin to grant it.',
  'team-credit-track':
    "From the certifications of the people in this view, on the Enterprise track: I don't know your organization's track (areas that count the higher of both tracks do so).",
  'team-remind-started':
    'Reminding {count} people who have not linked both accounts. At most one reminder a week reaches each person, whoever asks.',
  'team-remind-queuing':
    'Reminding {count} people who have not linked both accounts. They are still being queued: this card counts them as they go. At most one reminder a week reaches each person, whoever asks, so if the count stops short, press Remind again.',
  /** The reminder progress card: why people could not be reached, and what to do (remind-progress-card.ts). */
  'remind-why-not-installed':
    "Not installed for them ({count}): Partner Link isn't in their Teams, so Teams won't open a chat with them. Share the install link with them: [Add Partner Link]({link}). Once they add it, their reminder goes out by itself, within its week.",
  'remind-why-not-installed-no-link':
    "Not installed for them ({count}): Partner Link isn't in their Teams, so Teams won't open a chat with them. Ask them to add Partner Link (Apps in Teams), or your Teams admin to install it for them. Once they add it, their reminder goes out by itself, within its week.",
  'remind-why-left':
    'Left the organization ({count}): Microsoft Entra ID no longer has them, or they were removed from the team as people who leave are. Nothing was sent, and nothing needs doing.',
  'remind-why-blocked':
    'Teams refused, blocked by the person ({count}): they blocked Partner Link in Teams, and only they can unblock it, in their chat with Partner Link.',
  'remind-why-turned-off':
    'Teams refused, turned off by your admin ({count}): your Teams admin has turned Partner Link off for your organization. Ask them to allow it; these reminders go out once it is allowed again, within their week.',
  'remind-why-refused':
    "Teams refused ({count}): Teams turned the message down without a reason I can act on, or kept it waiting past its week. Whoever runs Partner Link finds Teams' answer in its log; press Remind again next week to try once more.",
  'remind-why-in-doubt':
    'In doubt ({count}): the connection broke while Teams was taking the message, so it may have arrived. It is never sent twice; ask them whether they got it.',
  'team-remind-none': 'Everyone on this view has linked both accounts: nobody to remind.',
  'team-export-ready': 'Your CSV of this view is ready: {name}.',
  'team-export-declined': 'No file was sent. Ask again whenever you want the CSV.',
  'team-export-not-onedrive':
    "Teams asked me to save the CSV somewhere that isn't your OneDrive, so I uploaded nothing. Select Export CSV again; if this keeps happening, tell your IT admin.",
  'team-views-limited':
    "You've asked for team status many times in a short while, so I read nothing from Microsoft Graph this time. Try again {wait}.",
  'team-remind-limited':
    "You've pressed Remind several times in a short while, so no reminders were queued this time. Try again {wait}; at most one reminder a week reaches each person anyway.",
  'team-channel-limited':
    "You've asked for this team's status several times in a short while, so I counted nothing this time. Try again {wait}.",
  'team-export-1to1-only': 'File downloads work in our 1:1 chat only; ask me there, or use the "My team" tab.',
  /** The skilling forecast (src/forecast/). */
  'forecast-basis-org':
    "Your organization's skilling points, from the {people} linked people with verified transcripts (read {read}), assuming nobody renews and nobody new certifies.",
  'forecast-basis-team':
    "Your team's contribution, not your organization's score: the skilling points of the {people} people you manage (directly or down the chain) with verified transcripts (read {read}), assuming nobody renews and nobody new certifies.",
  'forecast-nobody-org':
    'No linked person in your organization has a verified transcript yet, so there is no skilling to forecast.',
  'forecast-nobody-team':
    'None of the people you manage has a verified transcript yet, so your team adds no skilling to forecast.',
  'forecast-only-skilling':
    'Skilling is one part of a designation\'s score: performance and customer success are not known to Partner Link. Partner Center shows a change about 10 days after it happens, so dates come with "expected by".',
  'forecast-anniversary':
    'Designation anniversary: {date}. It renews if the designation qualified on one day of the renewal window, from {opens}.',
  'forecast-no-anniversary':
    'No designation anniversary is set, so no renewal window is marked. A partner admin can type **set anniversary YYYY-MM-DD**.',
  'forecast-track-unknown':
    'Your track for the Azure areas and Business Applications is not recorded, so both tracks are shown. A partner admin can type **set track enterprise** or **set track smb**.',
  'forecast-area-line': 'today {today} of {max} · lowest {lowest} by {lowestDate} · {risk}',
  'forecast-area-line-steady': 'today {today} of {max} · no drop in 12 months · {risk}',
  'forecast-lowest': '{lowest} by {lowestDate}',
  'forecast-lowest-steady': '{lowest}, no drop',
  'forecast-area-safe': 'no risk in 12 months',
  'forecast-area-risk': 'at risk from {date}',
  'forecast-no-risks': "No area is at risk in the next 12 months with today's certifications.",
  'forecast-risk-zero':
    '**{area}** ({metric}) falls to 0 on {date} (Partner Center expected by {expected}); a designation needs more than 0 in every metric.',
  'forecast-risk-gate':
    '**{area}** ({metric}): from {date}, {people} left on step {step} of the {track} track, which needs {min} (Partner Center expected by {expected}).',
  'forecast-risk-loss':
    '**{area}** ({metric}) loses {lost} points by {date} (Partner Center expected by {expected}), more than your threshold of {threshold}.',
  'forecast-in-window': 'This is before the anniversary.',
  'forecast-renewal-open': '{who} {cert}: renewal open until {until}; renewing keeps {effect} {through}.',
  'forecast-renewal-later':
    '{who} {cert}: renewal opens {opens}, open until {until}; renewing keeps {effect} {through}.',
  'forecast-renewal-too-open': '{who} {cert}: renewal open until {until}; renewing it too keeps {effect} {through}.',
  'forecast-renewal-too-later':
    '{who} {cert}: renewal opens {opens}, open until {until}; renewing it too keeps {effect} {through}.',
  'forecast-someone': "A colleague's",
  'forecast-event-expiry': '{who} {cert} expires ({areas}); Partner Center expected by {expected}.',
  'forecast-event-retirement':
    '{who} {cert} stops counting when the catalogue retires it ({areas}); Partner Center expected by {expected}.',
  'forecast-event-left':
    "{who} {cert} drops at Partner Center's refresh on {expected}: they left the organization ({areas}).",
  'forecast-more': '…and {count} more.',
  'forecast-more-renewals': '…and {count} more renewals.',
  'forecast-effect-zero': '{area} skilling over 0',
  'forecast-effect-gate': 'the {area} gate met',
  'forecast-effect-gate-zero': 'the {area} gate met and its skilling over 0',
  'forecast-effect-loss': '{area} skilling within your loss threshold',
  'forecast-through-anniversary': 'through the anniversary',
  'forecast-through-year': 'for the next 12 months',
  'forecast-through-until': 'until {date}',
  'forecast-new-people': 'With new certifications: {advice}.',
  'forecast-nothing-prevents': 'No renewal and no new certification in the catalogue keeps it.',
  'forecast-your-renewal': 'Your {cert} renewal keeps {effect} (renewal open until {until}).',
  'forecast-your-renewal-later': 'Your {cert} renewal keeps {effect} (renewal opens {opens}, open until {until}).',
  'forecast-sign-in-card':
    'The skilling forecast reads the people you manage from Microsoft Graph with your work account.',
  'forecast-employee':
    'The skilling forecast is for partner admins (the whole organization) and managers (the people they manage). The renewals of yours that matter to an area are on your Learning card: type **status**.',
  'forecast-sign-in-first':
    "To show your team's skilling forecast, I read the people you manage from Microsoft Graph with your work account: sign in on the sign-in card, and it appears here.",
  'forecast-admin-unavailable':
    "I couldn't check with Microsoft Graph whether you are a partner admin just now, so nothing was shown or changed. Please try again in a minute.",
  'forecast-limited':
    "You've asked for the skilling forecast many times in a short while, so I read nothing this time. Try again {wait}.",
  'forecast-settings-admins-only':
    'Only partner admins can change the skilling forecast settings, so nothing was changed.',
  'forecast-set-anniversary':
    'Designation anniversary set to {date}. The forecast marks the renewal window from {opens}.',
  'forecast-cleared-anniversary': 'Designation anniversary cleared: no renewal window is marked.',
  'forecast-set-threshold':
    'Loss threshold set to {points} points: a metric that loses more within 12 months is shown as at risk.',
  'forecast-cleared-threshold': 'Loss threshold off: only a metric falling to 0 or losing a gate is shown as at risk.',
  'forecast-set-track':
    'Track set to {track} for the areas where Microsoft assigns one (the Azure areas and Business Applications).',
  'forecast-cleared-track': 'Track cleared: both tracks are shown for the Azure areas and Business Applications.',
  'forecast-bad-anniversary':
    'I couldn\'t read "{value}" as a date. Write it as YYYY-MM-DD, for example **set anniversary 2027-03-31** (or **set anniversary off**). Nothing was changed.',
  'forecast-bad-threshold':
    'I couldn\'t read "{value}" as points. Write a number from 0 to {max}, for example **set loss threshold 5** (or **set loss threshold off**). Nothing was changed.',
  'forecast-bad-track':
    'I couldn\'t read "{value}" as a track. Type **set track enterprise**, **set track smb**, or **set track unknown** to show both. Nothing was changed.',
  /** Forecast alerts: each partner admin's own choice (forecast/forecast-alerts.ts). */
  'forecast-alerts-on':
    'Forecast alerts are on for you: when an area becomes at risk within 90 days, I send you one card, at most once a week.',
  'forecast-alerts-off': 'Forecast alerts are off for you. Turn them on to hear when an area becomes at risk.',
  'forecast-alerts-admins-only': 'Only partner admins can get forecast alerts, so nothing was changed.',
  'forecast-alert-title': 'Skilling forecast alert',
  'forecast-alert-summary': 'Skilling forecast: {area} is at risk from {date}.',
  'forecast-alert-how':
    'Type **skilling forecast** to see the full forecast. You get at most one alert a week; turn them off here or on the forecast card.',
} as const;

export type UserMessageCode = keyof typeof USER_MESSAGES;

/** The text for `code`, with `{name}` placeholders filled from `values`. */
export function userMessage(code: UserMessageCode, values: Record<string, string> = {}): string {
  return USER_MESSAGES[code].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
