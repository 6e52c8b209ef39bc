DROP TABLE one_click_used;
DROP TABLE invitation_uses;
DROP TABLE invitations;
