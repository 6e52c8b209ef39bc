//! Issue 20: what the outcome event log records.

text_enum!(
    /// One kind of outcome event (`outcome_events.kind`). The log is append-only; the
    /// daily facts are computed from it. Add kinds at the end; never rename one.
    EventKind {
        QuestionAsked => "question_asked",
        TopicCreated => "topic_created",
        ReplyPosted => "reply_posted",
        FirstReply => "first_reply",
        FirstEmployeeReply => "first_employee_reply",
        BrandAnswer => "brand_answer",
        AnswerAccepted => "answer_accepted",
        AnswerUnaccepted => "answer_unaccepted",
        IdeaStatusChanged => "idea_status_changed",
        EscalationOpened => "escalation_opened",
        EscalationUpdated => "escalation_updated",
        EscalationResolved => "escalation_resolved",
        SearchNoResult => "search_no_result",
        Deflection => "deflection",
        SignUp => "sign_up",
        FlagRaised => "flag_raised",
        ReviewActed => "review_acted",
        PostDeleted => "post_deleted",
        InvitationAccepted => "invitation_accepted",
        ReplyByEmail => "reply_by_email",
    }
);
