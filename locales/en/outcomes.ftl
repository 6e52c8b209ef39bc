# The outcome dashboard (outcomes::views, outcomes::charts). English.

## Figures
outcomes-none = –
outcomes-still-waiting = more than { $duration } (still waiting)
outcomes-count-with-time = { $count } ({ $duration })

## Summary metrics: label and one-line definition
outcomes-m-questions = Questions asked
outcomes-m-questions-def = Questions published in the period (held questions count when approved; deleted ones count until their day is recomputed).
outcomes-m-answered-24 = Answered within 24 h
outcomes-m-answered-24-def = Share of those questions whose first reply by someone other than the asker came within 24 hours.
outcomes-m-answered-72 = Answered within 72 h
outcomes-m-answered-72-def = The same within 72 hours.
outcomes-m-solved = Solved
outcomes-m-solved-def = Share of those questions with an accepted answer written by someone other than the asker.
outcomes-m-first-median = Time to first response, median
outcomes-m-first-median-def = Half of the questions had a first reply by someone else within this time; questions still waiting count with their age so far.
outcomes-m-first-p90 = Time to first response, 90th percentile
outcomes-m-first-p90-def = Nine questions in ten had a first reply within this time (waiting questions counted as waiting).
outcomes-m-solution-median = Time to solution, median
outcomes-m-solution-median-def = Half of the questions had an accepted answer within this time (unsolved ones count with their age so far).
outcomes-m-solution-p90 = Time to solution, 90th percentile
outcomes-m-solution-p90-def = Nine questions in ten were solved within this time (unsolved counted as waiting).
outcomes-m-employee-first = First answered by an employee
outcomes-m-employee-first-def = Answered questions whose first reply came from an employee; median time in brackets.
outcomes-m-member-first = First answered by a member
outcomes-m-member-first-def = Answered questions whose first reply came from a member; median time in brackets.
outcomes-m-coverage = Employee coverage
outcomes-m-coverage-def = Of the questions no member answered within the target time (they needed the employee queue), the share an employee answered within it.
outcomes-m-brand = Answers given as the brand
outcomes-m-brand-def = Share of replies posted as the company (official answers).
outcomes-m-deflected = Deflected questions (explicit)
outcomes-m-deflected-def = Visitors who clicked a suggested answer while asking and then did not post: counted, not estimated.
outcomes-m-no-result = Searches with no result
outcomes-m-no-result-def = Searches that found nothing: content to write.
outcomes-m-flags = Flags per 1,000 posts
outcomes-m-flags-def = Flags raised for every thousand posts published in the period.
outcomes-m-review = Time to act on the review queue
outcomes-m-review-def = Average time a review item waited before a moderator acted on it.
outcomes-m-new-members = New members (posted)
outcomes-m-new-members-def = Accounts created in the period (site-wide only), and in brackets how many of them have posted since.

## Tables
outcomes-t-summary = Summary
outcomes-h-metric = Metric
outcomes-h-this-period = This period
outcomes-h-previous-period = Previous period
outcomes-h-definition = Definition
outcomes-t-daily = Questions per day
outcomes-h-day = Day
outcomes-t-waiting = Questions waiting now, by age
outcomes-h-waiting-for = Waiting for
outcomes-h-questions = Questions
outcomes-t-escalations = Escalations by team
outcomes-h-team = Team
outcomes-h-opened = Opened
outcomes-h-resolved = Resolved
outcomes-h-median-resolution = Median time to resolution
outcomes-no-team = (no team)
outcomes-t-ideas = Ideas by new status
outcomes-h-status = Status
outcomes-h-ideas-moved = Ideas moved to it
outcomes-idea-under_review = under review
outcomes-idea-planned = planned
outcomes-idea-shipped = shipped
outcomes-idea-declined = declined
outcomes-t-lead-users = Lead users
outcomes-h-member = Member
outcomes-h-accepted = Accepted answers
outcomes-h-replies-to-others = Replies to others
outcomes-t-sources = Members by source
outcomes-h-source = Source
outcomes-h-signed-up = Signed up
outcomes-h-posted = Of them posted
outcomes-h-answered = Of them answered someone
outcomes-t-at-risk = Questions at risk now
outcomes-h-question = Question
outcomes-h-community = Sub-community
outcomes-age-under-1-day = under 1 day
outcomes-age-1-3-days = 1 to 3 days
outcomes-age-3-7-days = 3 to 7 days
outcomes-age-7-30-days = 7 to 30 days
outcomes-age-over-30-days = over 30 days

## The page
outcomes-nothing = Nothing in this period.
outcomes-export = Export “{ $table }” as CSV
outcomes-export-plain = Export as CSV
outcomes-title = Outcomes
outcomes-title-community = Outcomes: { $community }
outcomes-lead = What the community achieved from { $from } to { $to }, compared with { $prev_from } to { $prev_to }. Figures come from the daily facts, recomputed every few minutes for the last days.
outcomes-from = From
outcomes-to = To
outcomes-show = Show
outcomes-empty-title = No activity in this period
outcomes-empty-body = Questions, replies, accepted answers and the rest appear here once members start asking. Nothing to measure yet.
outcomes-waiting-now = Waiting now: { $count }
outcomes-waiting-help = Questions nobody but their asker has replied to, by how long they have waited.
outcomes-at-risk-help = Unanswered past the target first-response time ({ $hours } h).
outcomes-at-risk-help-site = Unanswered past the target first-response time ({ $hours } h unless a sub-community set its own).
outcomes-open-queue = Open the employee queue
outcomes-none-at-risk = No question is past its target time.
outcomes-waiting-since = waiting { $duration }
outcomes-lead-users-help = Top helpers by accepted answers, then replies to others (not by their own posts). Of the previous period's { $before }, { $again } helped again in this one.
outcomes-settings = Settings
outcomes-target-hours = Target first-response time (hours)
outcomes-monthly-mail = Send me the monthly outcome mail for { $community }
outcomes-save = Save

## Charts
outcomes-chart-daily-title = Questions asked per day, and answered within 24 hours
outcomes-chart-daily-desc = { $day }: { $asked } asked, { $answered } answered within 24 h
outcomes-chart-daily-caption = Light: asked; dark: answered within 24 h. The table holds the same numbers.
outcomes-chart-age-title = Questions waiting now, by age
outcomes-chart-caption = The table holds the same numbers.
